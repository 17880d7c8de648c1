//! `shrike`: runtime threat detection for Linux containers.
//!
//! The binary wires sources, the detection engine and sinks together, and turns errors into
//! exit codes: 0 success, 2 bad usage or bad input (the message names the file, line and field),
//! 1 any other failure.

mod api;
mod classify;
mod commands;
mod config;
mod exit;
mod findings;
mod live;
mod metrics;
mod tamper;

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

/// Every event is a handful of small allocations, made by the enricher or the decoder and freed
/// by the engine a moment later. mimalloc serves that pattern faster than glibc's malloc: the
/// engine's rate with every detector went from 0.63 M to 0.89 M exec/s (1.4×), its process
/// table alone from 2.8 M to 4.2 M (median of four interleaved runs each of
/// `cargo bench -p shrike-detect --bench replay -- detect/`; docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Parsed in two steps so that the matches can say which flags were given on the command
    // line: those win over the --config file, which wins over the flags' defaults.
    let matches = commands::Cli::command().get_matches();
    let mut cli = commands::Cli::from_arg_matches(&matches)
        .map_err(|e| e.format(&mut commands::Cli::command()))
        .unwrap_or_else(|e| e.exit());
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHRIKE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match config::apply(&mut cli, &matches).and_then(|()| commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("shrike: error: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}
