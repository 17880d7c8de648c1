//! `stderr`: one line per finding for a person watching the terminal.

mod sink;
#[cfg(test)]
mod tests;

pub use sink::{format_line, HumanSink};
