//! `--config FILE`: options for `watch`, `replay` and `serve` from a TOML file.
//!
//! The file is one flat table whose keys are the command's long flags with `_` for `-`
//! (`--pyml-threshold` is `pyml_threshold`); a repeatable or comma-separated flag is an array.
//! `watch` and `replay` read the same keys ([`WatchConfig`]), so the file that configures a
//! sensor also replays a recording with the sensor's detection settings (`replay` uses the
//! detection keys and has no use for `data_dir`, `record`, `listen`, `token_file` and
//! `no_console`); `serve` reads [`ServeConfig`].
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
use serde::{Deserialize, Deserializer};
use shrike_detect::DETECTOR_NAMES;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A configuration file larger than this is refused rather than read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// `shrike watch --config` and `shrike replay --config`: each key mirrors the flag of the same
/// name (see `docs/deploy.md` for the reference).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WatchConfig {
    /// `--intel`: threat-intel feeds (files or directories).
    intel: Option<Vec<PathBuf>>,
    /// `--sink`: where findings go.
    sink: Option<Vec<String>>,
    /// `--spool-dir`: where network sinks spool findings until acknowledged.
    spool_dir: Option<PathBuf>,
    /// `--disable`: detectors not to run.
    #[serde(default, deserialize_with = "detector_names")]
    disable: Option<Vec<String>>,
    /// `--remote-commands`: replaces the watched command names.
    remote_commands: Option<Vec<String>>,
    /// `--compiler-tools`: replaces the compiler, assembler and linker names.
    compiler_tools: Option<Vec<String>>,
    /// `--shell-parents`: replaces the processes that should not start shells.
    shell_parents: Option<Vec<String>>,
    /// `--project`: project in finding names.
    project: Option<String>,
    /// `--source`: source in finding names.
    source: Option<String>,
    /// `--host`: host name in resource names and finding ids.
    host: Option<String>,
    /// `--pyml-threshold`: score at or above which Python code is malicious.
    #[serde(default, deserialize_with = "threshold")]
    pyml_threshold: Option<f32>,
    /// `--pyml-model`: a model file instead of the built-in model.
    pyml_model: Option<PathBuf>,
    /// `--data-dir`: directory of the embedded findings store.
    data_dir: Option<PathBuf>,
    /// `--record`: also write the enriched event stream here.
    record: Option<PathBuf>,
    /// `--listen`: address of the API.
    #[serde(default, deserialize_with = "socket_address")]
    listen: Option<String>,
    /// `--token-file`: file holding the API's bearer token.
    token_file: Option<PathBuf>,
    /// `--no-console`: do not serve the API and console.
    no_console: Option<bool>,
}

/// `shrike serve --config`: each key mirrors the flag of the same name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServeConfig {
    /// `--store`: the findings store.
    store: Option<String>,
    /// `--listen`: address of the API.
    #[serde(default, deserialize_with = "socket_address")]
    listen: Option<String>,
    /// `--token-file`: file holding the API's bearer token.
    token_file: Option<PathBuf>,
    /// `--ingest`: NATS JetStream subject to consume findings from.
    ingest: Option<String>,
}

fn detector_names<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    if let Some(unknown) = names.iter().find(|n| !DETECTOR_NAMES.contains(&n.as_str())) {
        return Err(serde::de::Error::custom(format!(
            "unknown detector `{unknown}` (expected one of {})",
            DETECTOR_NAMES.join(", ")
        )));
    }
    Ok(Some(names))
}

fn threshold<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    let value = f32::deserialize(d)?;
    if !(0.0..=1.0).contains(&value) {
        return Err(serde::de::Error::custom(format!("{value} is outside 0..1")));
    }
    Ok(Some(value))
}

fn socket_address<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = String::deserialize(d)?;
    if value.parse::<std::net::SocketAddr>().is_err() {
        return Err(serde::de::Error::custom(format!(
            "`{value}` is not ADDR:PORT (e.g. 127.0.0.1:7070 or [::]:7070)"
        )));
    }
    Ok(Some(value))
}

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
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = line_of(e.as_bytes(), e.utf8_error().valid_up_to());
        Failure::bad_input(anyhow!("{name}:{line}: not UTF-8 text"))
    })?;
    let mut config: T = parse(&name, &text).map_err(Failure::bad_input)?;
    config.resolve_paths(path.parent().unwrap_or(Path::new("")));
    Ok(config)
}

/// Parses the text of a configuration file named `name`; the error is one line,
/// `NAME:LINE: what` (with the key when the problem is a value).
pub(crate) fn parse<T>(name: &str, text: &str) -> Result<T, anyhow::Error>
where
    T: for<'de> Deserialize<'de>,
{
    toml::from_str(text).map_err(|e| anyhow!(describe(name, text, &e)))
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &[u8], at: usize) -> usize {
    1 + text[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

fn describe(name: &str, text: &str, error: &toml::de::Error) -> String {
    let location = match error.span() {
        Some(span) => format!("{name}:{}", line_of(text.as_bytes(), span.start)),
        None => name.to_owned(),
    };
    let message = error.message().trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        // serde says "unknown field `x`, expected one of `a`, `b`".
        return match rest.split_once(", expected ") {
            Some((key, expected)) => {
                format!("{location}: unknown key {key} (expected {expected})")
            }
            None => format!("{location}: unknown key {rest}"),
        };
    }
    match key_path(error) {
        Some(key) => format!("{location}: `{key}`: {message}"),
        None => format!("{location}: {message}"),
    }
}

/// The dotted key an error is about, when the error is about a value. The crate keeps the key
/// path private and prints it (`in `key``) only when it has no input to quote, so ask for that.
fn key_path(error: &toml::de::Error) -> Option<String> {
    let mut bare = error.clone();
    bare.set_input(None);
    let shown = bare.to_string();
    shown.lines().rev().find_map(|line| {
        line.strip_prefix("in `")
            .and_then(|rest| rest.strip_suffix('`'))
            .map(str::to_owned)
    })
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

impl WatchConfig {
    fn apply_detect(self, m: &ArgMatches, args: &mut DetectArgs) -> WatchOnly {
        merge(m, "intel", &mut args.intel, self.intel);
        merge(m, "sink", &mut args.sink, self.sink);
        merge_option(m, "spool_dir", &mut args.spool_dir, self.spool_dir);
        merge(m, "disable", &mut args.disable, self.disable);
        merge_option(
            m,
            "remote_commands",
            &mut args.remote_commands,
            self.remote_commands,
        );
        merge_option(
            m,
            "compiler_tools",
            &mut args.compiler_tools,
            self.compiler_tools,
        );
        merge_option(
            m,
            "shell_parents",
            &mut args.shell_parents,
            self.shell_parents,
        );
        merge(m, "project", &mut args.project, self.project);
        merge(m, "source", &mut args.source, self.source);
        merge_option(m, "host", &mut args.host, self.host);
        merge_option(
            m,
            "pyml_threshold",
            &mut args.pyml.pyml_threshold,
            self.pyml_threshold,
        );
        merge_option(m, "pyml_model", &mut args.pyml.pyml_model, self.pyml_model);
        WatchOnly {
            data_dir: self.data_dir,
            record: self.record,
            listen: self.listen,
            token_file: self.token_file,
            no_console: self.no_console,
        }
    }

    fn apply_watch(self, m: &ArgMatches, args: &mut WatchArgs) {
        let rest = self.apply_detect(m, &mut args.detect);
        merge(m, "data_dir", &mut args.data_dir, rest.data_dir);
        merge_option(m, "record", &mut args.record, rest.record);
        apply_api(m, &mut args.api, rest.listen, rest.token_file);
        merge(m, "no_console", &mut args.no_console, rest.no_console);
    }
}

/// The keys of [`WatchConfig`] that only `watch` uses.
struct WatchOnly {
    data_dir: Option<PathBuf>,
    record: Option<PathBuf>,
    listen: Option<String>,
    token_file: Option<PathBuf>,
    no_console: Option<bool>,
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

impl ServeConfig {
    fn apply(self, m: &ArgMatches, args: &mut ServeArgs) {
        merge(m, "store", &mut args.store, self.store);
        apply_api(m, &mut args.api, self.listen, self.token_file);
        merge_option(m, "ingest", &mut args.ingest, self.ingest);
    }
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
                load::<WatchConfig>(path)?.apply_watch(m, args);
            }
        }
        Command::Replay(args) => {
            if let Some(path) = &args.config {
                // The watch-only keys are accepted (one file serves both) and not used here.
                let _watch_only = load::<WatchConfig>(path)?.apply_detect(m, &mut args.detect);
            }
        }
        Command::Serve(args) => {
            if let Some(path) = &args.config {
                load::<ServeConfig>(path)?.apply(m, args);
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
