//! Parsing of the `--config` file of `shrike watch`, `replay` and `serve`: TOML text and the
//! file's name in, a typed configuration or a one-line error naming the file, the line and the key
//! out. Reading the file, resolving its relative paths and folding it into the command line are
//! the binary's (`src/config.rs`, which documents the keys and their precedence).

use anyhow::anyhow;
use serde::{Deserialize, Deserializer, Serialize};
use shrike_detect::{check_name, NameList, DETECTOR_NAMES};
use std::path::PathBuf;

/// `shrike watch --config` and `shrike replay --config`: each key mirrors the flag of the same
/// name (see `docs/deploy.md` for the reference).
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WatchConfig {
    /// `--intel`: threat-intel feeds (files or directories).
    pub intel: Option<Vec<PathBuf>>,
    /// `--sink`: where findings go.
    pub sink: Option<Vec<String>>,
    /// `--spool-dir`: where network sinks spool findings until acknowledged.
    pub spool_dir: Option<PathBuf>,
    /// `--disable`: detectors not to run.
    #[serde(default, deserialize_with = "detector_names")]
    pub disable: Option<Vec<String>>,
    /// `--remote-commands`: replaces the watched command names.
    #[serde(default, deserialize_with = "remote_commands")]
    pub remote_commands: Option<Vec<String>>,
    /// `--compiler-tools`: replaces the compiler, assembler and linker names.
    #[serde(default, deserialize_with = "compiler_tools")]
    pub compiler_tools: Option<Vec<String>>,
    /// `--shell-parents`: replaces the processes that should not start shells.
    #[serde(default, deserialize_with = "shell_parents")]
    pub shell_parents: Option<Vec<String>>,
    /// `--project`: project in finding names.
    pub project: Option<String>,
    /// `--source`: source in finding names.
    pub source: Option<String>,
    /// `--host`: host name in resource names and finding ids.
    pub host: Option<String>,
    /// `--pyml-threshold`: score at or above which Python code is malicious.
    #[serde(default, deserialize_with = "threshold")]
    pub pyml_threshold: Option<f32>,
    /// `--pyml-model`: a model file instead of the built-in model.
    pub pyml_model: Option<PathBuf>,
    /// `--data-dir`: directory of the embedded findings store.
    pub data_dir: Option<PathBuf>,
    /// `--record`: also write the enriched event stream here.
    pub record: Option<PathBuf>,
    /// `--listen`: address of the API.
    #[serde(default, deserialize_with = "socket_address")]
    pub listen: Option<String>,
    /// `--token-file`: file holding the API's bearer token.
    pub token_file: Option<PathBuf>,
    /// `--no-console`: do not serve the API and console.
    pub no_console: Option<bool>,
    /// `--no-library-events`: do not watch shared libraries loaded in containers.
    pub no_library_events: Option<bool>,
}

/// `shrike serve --config`: each key mirrors the flag of the same name.
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// `--store`: the findings store.
    pub store: Option<String>,
    /// `--listen`: address of the API.
    #[serde(default, deserialize_with = "socket_address")]
    pub listen: Option<String>,
    /// `--token-file`: file holding the API's bearer token.
    pub token_file: Option<PathBuf>,
    /// `--ingest`: NATS JetStream subject to consume findings from.
    pub ingest: Option<String>,
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

fn names<'de, D: Deserializer<'de>>(d: D, list: NameList) -> Result<Option<Vec<String>>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    for (i, name) in names.iter().enumerate() {
        check_name(list, name)
            .map_err(|why| serde::de::Error::custom(format!("entry {}: {why}", i + 1)))?;
    }
    Ok(Some(names))
}

fn remote_commands<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    names(d, NameList::RemoteCommands)
}

fn compiler_tools<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    names(d, NameList::CompilerTools)
}

fn shell_parents<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    names(d, NameList::ShellParents)
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

/// Parses the bytes of a configuration file named `name`: text that is not UTF-8 is
/// `NAME:LINE: not UTF-8 text` (the line of the first bad byte), and the rest is [`parse`]'s.
pub fn parse_bytes<T>(name: &str, bytes: Vec<u8>) -> Result<T, anyhow::Error>
where
    T: for<'de> Deserialize<'de>,
{
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = line_of(e.as_bytes(), e.utf8_error().valid_up_to());
        anyhow!("{name}:{line}: not UTF-8 text")
    })?;
    parse(name, &text)
}

/// Parses the text of a configuration file named `name`; the error is one line,
/// `NAME:LINE: what` (with the key when the problem is a value).
pub fn parse<T>(name: &str, text: &str) -> Result<T, anyhow::Error>
where
    T: for<'de> Deserialize<'de>,
{
    toml::from_str(text).map_err(|e| anyhow!(describe(name, text, &e)))
}

/// The line of an error the TOML parser gives without a position (its nesting limit, for one):
/// the first line such that the text up to its end already fails with the same message. Parsing
/// stops at the first error in the text, so once a prefix holds the faulty line every longer one
/// fails the same way, and a binary search over line ends finds it in a few parses. The last line
/// if no prefix does.
fn line_by_prefixes(text: &str, message: &str) -> usize {
    let ends: Vec<usize> = text
        .match_indices('\n')
        .map(|(at, _)| at + 1)
        .chain((!text.ends_with('\n')).then_some(text.len()))
        .collect();
    let fails_alike = |lines: usize| {
        toml::from_str::<toml::Table>(&text[..ends[lines - 1]])
            .is_err_and(|e| e.message() == message)
    };
    // The answer lies in lo..=hi; `hi` always fails alike or is the last line.
    let (mut lo, mut hi) = (1, ends.len().max(1));
    if ends.is_empty() {
        return 1;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if fails_alike(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &[u8], at: usize) -> usize {
    1 + text[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// The error as one line: `NAME:LINE: what`, with the key when the problem is a value.
fn describe(name: &str, text: &str, error: &toml::de::Error) -> String {
    one_line(&describe_lines(name, text, error))
}

/// `message` with its control characters escaped (a newline as `\n`, an escape as `\u{1b}`):
/// the messages quote keys and values from the file, and a quoted `"a\nb"` must neither break the
/// one-line error in two nor write control sequences to the terminal.
fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn describe_lines(name: &str, text: &str, error: &toml::de::Error) -> String {
    let line = match error.span() {
        Some(span) => line_of(text.as_bytes(), span.start),
        None => line_by_prefixes(text, error.message()),
    };
    let location = format!("{name}:{line}");
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

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        reason = "test code: a panic is the failure report"
    )]

    use super::*;

    #[test]
    fn text_that_is_not_utf8_names_the_line_of_the_first_bad_byte() {
        let err = parse_bytes::<WatchConfig>(
            "s.toml",
            b"project = \"p\"\n\nsource = \"\xff\"\n".to_vec(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "s.toml:3: not UTF-8 text");
        let config: ServeConfig = parse_bytes("s.toml", b"ingest = \"x\"\n".to_vec()).unwrap();
        assert_eq!(config.ingest.as_deref(), Some("x"));
    }

    /// Found by the `config_parser` fuzz target: a dotted key nested past the TOML parser's
    /// limit failed without a position, and the error named no line.
    #[test]
    fn a_key_nested_past_the_parsers_limit_is_named_by_its_line() {
        let deep = format!("{}b = 1", "a.".repeat(200));
        for (text, line) in [
            (
                format!("project = \"p\"\n\n{deep}\nsink = [\"stderr\"]\n"),
                3,
            ),
            (deep.clone(), 1),
            (format!("intel = [\n  \"x\",\n]\n{deep}\n"), 4),
        ] {
            let err = parse::<WatchConfig>("s.toml", &text)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(&format!("s.toml:{line}: ")), "{err}");
            let err = parse::<ServeConfig>("s.toml", &text)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(&format!("s.toml:{line}: ")), "{err}");
        }
        // The input the fuzzer found.
        let found = format!(
            "project = \"p\"\n\nsi.22si{}{}.k = [\"stderr\"]\n",
            "2".repeat(30),
            ".637610".repeat(150)
        );
        let err = parse::<WatchConfig>("s.toml", &found)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.toml:3: "), "{err}");
    }

    #[test]
    fn a_newline_or_escape_in_a_quoted_key_or_value_stays_escaped_in_the_one_line_error() {
        let err = parse::<WatchConfig>("s.toml", "\"a\\nb\" = 1\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("s.toml:1: unknown key `a\\nb` (expected one of `intel`,"),
            "{err}"
        );
        let err = parse::<WatchConfig>("s.toml", "\ndisable = [\"x\\r\\u001b[2J\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("s.toml:2: `disable`: unknown detector `x\\r\\u{1b}[2J` (expected"),
            "{err}"
        );
        let err = parse::<ServeConfig>("s.toml", "listen = \"\"\"\n1.2.3.4\n:7\"\"\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "s.toml:1: `listen`: `1.2.3.4\\n:7` is not ADDR:PORT (e.g. 127.0.0.1:7070 or [::]:7070)"
        );
    }

    #[test]
    fn a_parsed_config_serialises_to_toml_that_parses_back_the_same() {
        let watch: WatchConfig = parse(
            "w",
            "intel = [\"a\", \"/b c\"]\ndisable = []\npyml_threshold = 0.1\nlisten = \"[::1]:7\"\n\
             project = \"q\\\"\\n\"\nno_console = true\n",
        )
        .unwrap();
        let text = toml::to_string(&watch).unwrap();
        assert_eq!(parse::<WatchConfig>("w", &text).unwrap(), watch, "{text}");
        let empty = toml::to_string(&WatchConfig::default()).unwrap();
        assert_eq!(empty.trim(), "", "unset keys are left out");
        let serve: ServeConfig = parse("s", "store = \"sqlite:s.db\"\n").unwrap();
        let text = toml::to_string(&serve).unwrap();
        assert_eq!(parse::<ServeConfig>("s", &text).unwrap(), serve, "{text}");
    }
}
