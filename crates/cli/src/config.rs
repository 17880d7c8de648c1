//! `--config FILE`: options for `watch`, `replay` and `serve` from a TOML file.
//!
//! The file is one flat table whose keys are the command's long flags with `_` for `-`
//! (`--pyml-threshold` is `pyml_threshold`); a repeatable or comma-separated flag is an array.
//! `watch` and `replay` read the same keys ([`WatchConfig`]), so the file that configures a
//! sensor also replays a recording with the sensor's detection settings (`replay` uses the
//! detection keys and has no use for `data_dir`, `record`, `listen`, `token_file`,
//! `no_console` and `no_library_events`); `serve` reads [`ServeConfig`].
//!
//! Precedence, per key: a flag given on the command line wins, then the file, then the flag's
//! default. A repeatable flag given on the command line replaces the file's list rather than
//! adding to it, so that one command line can always say exactly what runs. Relative paths in the
//! file (feeds, model, data and spool directories, token file, the paths of `jsonl:`, `ocsf:`,
//! `syslog:unix:` and `sqlite:` sinks and stores) are
//! resolved against the file's directory, so the file means the same whatever directory the
//! service starts in; relative paths given as flags stay relative to the working directory.
//!
//! The file is checked before anything starts: an unknown key, a value of the wrong type, an
//! unknown detector or a threshold outside 0..1 is one line naming the file, the line and the
//! key, and exit status 2.

use crate::commands::{ApiArgs, Cli, Command, DetectArgs, ServeArgs, WatchArgs};
use crate::exit::Failure;
use anyhow::anyhow;
use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::Deserialize;
// The parsing itself is in the library (`src/config_file.rs`), where the fuzz targets reach it.
pub(crate) use shrike::config_file::{ServeConfig, WatchConfig};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A configuration file larger than this is refused rather than read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads and checks a configuration file; relative paths in it are resolved against its
/// directory.
pub(crate) fn load<T>(path: &Path) -> Result<T, Failure>
where
    T: for<'de> Deserialize<'de> + ResolvePaths,
{
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Failure::bad_input(anyhow!("--config {name}: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(Failure::bad_input(anyhow!(
            "--config {name}: larger than {} KiB; is this the configuration file?",
            MAX_CONFIG_BYTES >> 10
        )));
    }
    let mut config: T =
        shrike::config_file::parse_bytes(&name, bytes).map_err(Failure::bad_input)?;
    config.resolve_paths(path.parent().unwrap_or(Path::new("")));
    Ok(config)
}

/// Resolves the relative paths of a configuration against the file's directory.
pub(crate) trait ResolvePaths {
    /// Makes every relative path relative to `dir` instead.
    fn resolve_paths(&mut self, dir: &Path);
}

impl ResolvePaths for WatchConfig {
    fn resolve_paths(&mut self, dir: &Path) {
        for path in self.intel.iter_mut().flatten() {
            resolve(dir, path);
        }
        for spec in self.sink.iter_mut().flatten() {
            resolve_url(dir, spec);
        }
        for path in [
            &mut self.spool_dir,
            &mut self.pyml_model,
            &mut self.data_dir,
            &mut self.record,
            &mut self.token_file,
        ]
        .into_iter()
        .flatten()
        {
            resolve(dir, path);
        }
    }
}

impl ResolvePaths for ServeConfig {
    fn resolve_paths(&mut self, dir: &Path) {
        if let Some(store) = &mut self.store {
            resolve_url(dir, store);
        }
        if let Some(path) = &mut self.token_file {
            resolve(dir, path);
        }
    }
}

/// `-` (standard input or output) is not a path.
fn resolve(dir: &Path, path: &mut PathBuf) {
    if path.is_relative() && path.as_os_str() != "-" {
        *path = dir.join(&*path);
    }
}

/// Sinks and stores whose spec holds a file path, and whether `?options` may follow the path.
const PATH_SCHEMES: &[(&str, bool)] = &[
    ("jsonl:", false),
    ("ocsf:", false),
    ("sqlite:", false),
    ("syslog:unix:", true),
];

/// The path in a `jsonl:PATH`, `ocsf:PATH` or `syslog:unix:PATH` sink or a `sqlite:PATH` store;
/// other schemes (`postgres://`, `nats://`, `stderr`, ...) have none.
fn resolve_url(dir: &Path, spec: &mut String) {
    for &(scheme, options) in PATH_SCHEMES {
        let Some(rest) = spec.strip_prefix(scheme) else {
            continue;
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) if options => (path, Some(query)),
            _ => (rest, None),
        };
        if path.is_empty() || path == ":memory:" {
            return;
        }
        let mut path = PathBuf::from(path);
        resolve(dir, &mut path);
        *spec = match query {
            Some(query) => format!("{scheme}{}?{query}", path.display()),
            None => format!("{scheme}{}", path.display()),
        };
        return;
    }
}

/// Whether the value of argument `id` was written by the user (on the command line, or in an
/// environment variable clap reads), so that the file must not replace it.
fn explicit(matches: &ArgMatches, id: &str) -> bool {
    matches!(
        matches.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// Sets `slot` from the file unless the flag `id` was given explicitly.
fn merge<T>(matches: &ArgMatches, id: &str, slot: &mut T, file: Option<T>) {
    if let Some(value) = file {
        if !explicit(matches, id) {
            *slot = value;
        }
    }
}

/// Like [`merge`], for a flag whose absence is `None`.
fn merge_option<T>(matches: &ArgMatches, id: &str, slot: &mut Option<T>, file: Option<T>) {
    if file.is_some() && !explicit(matches, id) {
        *slot = file;
    }
}

/// Sets the detection arguments from the file (unless given as flags); returns the keys only
/// `watch` uses.
fn apply_detect(config: WatchConfig, m: &ArgMatches, args: &mut DetectArgs) -> WatchOnly {
    merge(m, "intel", &mut args.intel, config.intel);
    merge(m, "sink", &mut args.sink, config.sink);
    merge_option(m, "spool_dir", &mut args.spool_dir, config.spool_dir);
    merge(m, "disable", &mut args.disable, config.disable);
    merge_option(
        m,
        "remote_commands",
        &mut args.remote_commands,
        config.remote_commands,
    );
    merge_option(
        m,
        "compiler_tools",
        &mut args.compiler_tools,
        config.compiler_tools,
    );
    merge_option(
        m,
        "shell_parents",
        &mut args.shell_parents,
        config.shell_parents,
    );
    merge(m, "project", &mut args.project, config.project);
    merge(m, "source", &mut args.source, config.source);
    merge_option(m, "host", &mut args.host, config.host);
    merge_option(
        m,
        "pyml_threshold",
        &mut args.pyml.pyml_threshold,
        config.pyml_threshold,
    );
    merge_option(
        m,
        "pyml_model",
        &mut args.pyml.pyml_model,
        config.pyml_model,
    );
    WatchOnly {
        data_dir: config.data_dir,
        record: config.record,
        listen: config.listen,
        token_file: config.token_file,
        no_console: config.no_console,
        no_library_events: config.no_library_events,
    }
}

/// Sets `watch`'s arguments from the file (unless given as flags).
fn apply_watch(config: WatchConfig, m: &ArgMatches, args: &mut WatchArgs) {
    let rest = apply_detect(config, m, &mut args.detect);
    merge(m, "data_dir", &mut args.data_dir, rest.data_dir);
    merge_option(m, "record", &mut args.record, rest.record);
    apply_api(m, &mut args.api, rest.listen, rest.token_file);
    merge(m, "no_console", &mut args.no_console, rest.no_console);
    merge(
        m,
        "no_library_events",
        &mut args.no_library_events,
        rest.no_library_events,
    );
}

/// The keys of [`WatchConfig`] that only `watch` uses.
struct WatchOnly {
    data_dir: Option<PathBuf>,
    record: Option<PathBuf>,
    listen: Option<String>,
    token_file: Option<PathBuf>,
    no_console: Option<bool>,
    no_library_events: Option<bool>,
}

fn apply_api(
    m: &ArgMatches,
    args: &mut ApiArgs,
    listen: Option<String>,
    token_file: Option<PathBuf>,
) {
    merge(m, "listen", &mut args.listen, listen);
    merge_option(m, "token_file", &mut args.token_file, token_file);
}

/// Sets `serve`'s arguments from the file (unless given as flags).
fn apply_serve(config: ServeConfig, m: &ArgMatches, args: &mut ServeArgs) {
    merge(m, "store", &mut args.store, config.store);
    apply_api(m, &mut args.api, config.listen, config.token_file);
    merge_option(m, "ingest", &mut args.ingest, config.ingest);
}

/// Folds the `--config` file of the command `cli` runs (if any) into its arguments; `matches`
/// are the matches `cli` was built from, which say which flags the user gave.
pub(crate) fn apply(cli: &mut Cli, matches: &ArgMatches) -> Result<(), Failure> {
    let Some((_, m)) = matches.subcommand() else {
        return Ok(());
    };
    match &mut cli.command {
        Command::Watch(args) => {
            if let Some(path) = &args.config {
                apply_watch(load(path)?, m, args);
            }
        }
        Command::Replay(args) => {
            if let Some(path) = &args.config {
                // The watch-only keys are accepted (one file serves both) and not used here.
                let _watch_only = apply_detect(load(path)?, m, &mut args.detect);
            }
        }
        Command::Serve(args) => {
            if let Some(path) = &args.config {
                apply_serve(load(path)?, m, args);
            }
            if args.store.is_empty() {
                return Err(Failure::bad_input(anyhow!(
                    "shrike serve: no findings store: give --store URL, or `store` in the --config file"
                )));
            }
        }
        Command::Record(_) | Command::Classify(_) | Command::Findings(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests;
