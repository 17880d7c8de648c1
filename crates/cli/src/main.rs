//! `shrike`: runtime threat detection for Linux containers.
//!
//! The binary wires sources, the detection engine and sinks together, and turns errors into
//! exit codes: 0 success, 2 bad usage or bad input (the message names the file, line and field),
//! 1 any other failure.

mod api;
mod classify;
mod commands;
mod exit;
mod findings;
mod live;
mod tamper;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHRIKE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("shrike: error: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}
