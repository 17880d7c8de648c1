//! `jsonl:PATH`: one SCC notification envelope per line, appended to a file or written to
//! stdout (`jsonl:-`).

mod config;
mod sink;
#[cfg(test)]
pub(crate) mod tests;

pub use config::JsonlSinkConfig;
pub use sink::JsonlSink;
