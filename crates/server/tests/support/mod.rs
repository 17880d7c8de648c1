//! Support code shared by the integration tests (`mod support;` in a test crate):
//! [`server`] runs a real server on loopback over a seeded store, and [`webdriver`] drives a real
//! headless Chromium over W3C WebDriver (`use support::webdriver::Browser;`).

pub mod server;
pub mod webdriver;
