#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is the failure report"
)]

use super::*;
use crate::commands::Cli;
use clap::{CommandFactory, FromArgMatches};
use serde::de::{Error as _, Visitor};
use serde::Deserializer;
use shrike::config_file::parse;

/// The field names serde's derive gives a struct (the keys the file accepts).
fn keys<T: for<'de> Deserialize<'de>>() -> Vec<&'static str> {
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Probe<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(Self::Error::custom("probed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _probed = T::deserialize(Probe(&mut fields));
    let mut fields = fields.to_vec();
    fields.sort_unstable();
    fields
}

/// The argument ids (= long flags with `_`) of a subcommand, less those a file cannot set.
fn flags(subcommand: &str, not_in_file: &[&str]) -> Vec<String> {
    let cli = Cli::command();
    let sub = cli.find_subcommand(subcommand).unwrap();
    let mut ids: Vec<String> = sub
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .filter(|id| !["help", "version", "config"].contains(&id.as_str()))
        .filter(|id| !not_in_file.contains(&id.as_str()))
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn every_watch_flag_is_a_key_and_every_key_a_flag() {
    assert_eq!(flags("watch", &[]), keys::<WatchConfig>());
}

#[test]
fn every_serve_flag_is_a_key_and_every_key_a_flag() {
    assert_eq!(flags("serve", &[]), keys::<ServeConfig>());
}

#[test]
fn every_replay_detection_flag_is_a_watch_key() {
    let watch = keys::<WatchConfig>();
    for flag in flags("replay", &["file", "keep_going"]) {
        assert!(watch.contains(&flag.as_str()), "replay --{flag} has no key");
    }
}

fn parse_error<T: for<'de> Deserialize<'de> + std::fmt::Debug>(text: &str) -> String {
    parse::<T>("shrike.toml", text).unwrap_err().to_string()
}

#[test]
fn unknown_key_is_named_with_its_line_and_the_expected_keys() {
    let err = parse_error::<WatchConfig>("# comment\nproject = \"p\"\n\nsinks = [\"stderr\"]\n");
    assert!(
        err.starts_with("shrike.toml:4: unknown key `sinks` (expected one of `intel`, `sink`,"),
        "{err}"
    );
    assert!(!err.contains('\n'), "one line: {err}");
}

#[test]
fn wrong_type_names_the_key_and_line() {
    let err = parse_error::<WatchConfig>("project = \"p\"\nno_console = \"yes\"\n");
    assert!(
        err.starts_with("shrike.toml:2: `no_console`: invalid type: string"),
        "{err}"
    );
    assert!(err.contains("expected a boolean"), "{err}");
    assert!(!err.contains('\n'), "one line: {err}");
    let err = parse_error::<WatchConfig>("sink = \"stderr\"\n");
    assert!(
        err.starts_with("shrike.toml:1: `sink`: invalid type: string"),
        "{err}"
    );
    let err = parse_error::<ServeConfig>("listen = 7070\n");
    assert!(
        err.starts_with("shrike.toml:1: `listen`: invalid type: integer"),
        "{err}"
    );
}

#[test]
fn values_are_checked_as_the_flags_check_them() {
    let err = parse_error::<WatchConfig>("\npyml_threshold = 1.5\n");
    assert_eq!(err, "shrike.toml:2: `pyml_threshold`: 1.5 is outside 0..1");
    let err = parse_error::<WatchConfig>("disable = [\"compiler\", \"reverse_shell\"]\n");
    assert!(
        err.starts_with("shrike.toml:1: `disable`: unknown detector `reverse_shell` (expected one of reverse-shell,"),
        "{err}"
    );
    let err = parse_error::<ServeConfig>("store = \"sqlite:x.db\"\nlisten = \"0.0.0.0\"\n");
    assert!(
        err.starts_with("shrike.toml:2: `listen`: `0.0.0.0` is not ADDR:PORT"),
        "{err}"
    );
    let config: WatchConfig = parse("t", "pyml_threshold = 1\ndisable = []\n").unwrap();
    assert_eq!(config.pyml_threshold, Some(1.0));
    assert_eq!(config.disable, Some(vec![]));
}

#[test]
fn syntax_errors_have_a_line_too() {
    let err = parse_error::<WatchConfig>("project = \"p\"\nsource = \n");
    assert!(err.starts_with("shrike.toml:2: "), "{err}");
    assert!(!err.contains('\n'), "one line: {err}");
}

#[test]
fn relative_paths_are_resolved_against_the_file_directory() {
    let mut config: WatchConfig = parse(
        "t",
        r#"
intel = ["feeds", "/abs/feed.txt"]
sink = ["jsonl:out/f.jsonl", "jsonl:-", "sqlite:db/s.db", "sqlite::memory:", "stderr",
        "postgres://u@h/db", "jsonl:/abs/f.jsonl", "ocsf:o.jsonl", "ocsf:-",
        "syslog:unix:log.sock?facility=local3", "syslog:unix:/dev/log", "syslog:udp://h:514",
        "nats://h:4222/s?spool_max_mb=8"]
pyml_model = "model.bin"
spool_dir = "spool"
data_dir = "."
record = "-"
token_file = "secrets/token"
"#,
    )
    .unwrap();
    config.resolve_paths(Path::new("/etc/shrike"));
    assert_eq!(
        config.intel.unwrap(),
        [
            PathBuf::from("/etc/shrike/feeds"),
            PathBuf::from("/abs/feed.txt")
        ]
    );
    assert_eq!(
        config.sink.unwrap(),
        [
            "jsonl:/etc/shrike/out/f.jsonl",
            "jsonl:-",
            "sqlite:/etc/shrike/db/s.db",
            "sqlite::memory:",
            "stderr",
            "postgres://u@h/db",
            "jsonl:/abs/f.jsonl",
            "ocsf:/etc/shrike/o.jsonl",
            "ocsf:-",
            "syslog:unix:/etc/shrike/log.sock?facility=local3",
            "syslog:unix:/dev/log",
            "syslog:udp://h:514",
            "nats://h:4222/s?spool_max_mb=8",
        ]
    );
    assert_eq!(
        config.pyml_model.unwrap(),
        Path::new("/etc/shrike/model.bin")
    );
    assert_eq!(config.spool_dir.unwrap(), Path::new("/etc/shrike/spool"));
    assert_eq!(config.data_dir.unwrap(), Path::new("/etc/shrike/."));
    assert_eq!(config.record.unwrap(), Path::new("-"));
    assert_eq!(
        config.token_file.unwrap(),
        Path::new("/etc/shrike/secrets/token")
    );

    let mut serve: ServeConfig = parse(
        "t",
        "store = \"sqlite:shrike.db\"\ntoken_file = \"/run/token\"\n",
    )
    .unwrap();
    serve.resolve_paths(Path::new("conf"));
    assert_eq!(serve.store.unwrap(), "sqlite:conf/shrike.db");
    assert_eq!(serve.token_file.unwrap(), Path::new("/run/token"));
}

fn watch_with(file: &str, argv: &[&str]) -> WatchArgs {
    let matches = Cli::command()
        .try_get_matches_from(["shrike", "watch"].iter().chain(argv))
        .unwrap();
    let cli = Cli::from_arg_matches(&matches).unwrap();
    let Command::Watch(mut args) = cli.command else {
        panic!("not watch")
    };
    let config: WatchConfig = parse("t", file).unwrap();
    apply_watch(config, matches.subcommand().unwrap().1, &mut args);
    args
}

const FULL: &str = r#"
intel = ["/feeds"]
sink = ["stderr", "jsonl:/f.jsonl"]
spool_dir = "/spool"
disable = ["compiler"]
remote_commands = ["curl"]
compiler_tools = ["gcc", "go build"]
shell_parents = ["nginx", "php-fpm*"]
project = "fleet"
source = "sensor"
host = "node-1"
pyml_threshold = 0.5
pyml_model = "/m.bin"
data_dir = "/var/lib/shrike"
record = "/r.jsonl"
listen = "0.0.0.0:7070"
token_file = "/token"
no_console = true
"#;

#[test]
fn the_file_replaces_defaults() {
    let args = watch_with(FULL, &[]);
    assert_eq!(args.detect.intel, [PathBuf::from("/feeds")]);
    assert_eq!(args.detect.sink, ["stderr", "jsonl:/f.jsonl"]);
    assert_eq!(args.detect.spool_dir.unwrap(), Path::new("/spool"));
    assert_eq!(args.detect.disable, ["compiler"]);
    assert_eq!(args.detect.remote_commands.unwrap(), ["curl"]);
    assert_eq!(args.detect.compiler_tools.unwrap(), ["gcc", "go build"]);
    assert_eq!(args.detect.shell_parents.unwrap(), ["nginx", "php-fpm*"]);
    assert_eq!(args.detect.project, "fleet");
    assert_eq!(args.detect.source, "sensor");
    assert_eq!(args.detect.host.unwrap(), "node-1");
    assert_eq!(args.detect.pyml.pyml_threshold, Some(0.5));
    assert_eq!(args.detect.pyml.pyml_model.unwrap(), Path::new("/m.bin"));
    assert_eq!(args.data_dir, Path::new("/var/lib/shrike"));
    assert_eq!(args.record.unwrap(), Path::new("/r.jsonl"));
    assert_eq!(args.api.listen, "0.0.0.0:7070");
    assert_eq!(args.api.token_file.unwrap(), Path::new("/token"));
    assert!(args.no_console);
}

#[test]
fn flags_on_the_command_line_win_and_replace_lists() {
    let args = watch_with(
        FULL,
        &[
            "--sink",
            "jsonl:-",
            "--project",
            "cli",
            "--data-dir",
            "/d",
            "--listen",
            "127.0.0.1:9",
            "--remote-commands",
            "wget,nc",
            "--pyml-threshold",
            "0.9",
        ],
    );
    assert_eq!(args.detect.sink, ["jsonl:-"]);
    assert_eq!(args.detect.project, "cli");
    assert_eq!(args.data_dir, Path::new("/d"));
    assert_eq!(args.api.listen, "127.0.0.1:9");
    assert_eq!(args.detect.remote_commands.unwrap(), ["wget", "nc"]);
    assert_eq!(args.detect.pyml.pyml_threshold, Some(0.9));
    // Keys without a flag on the command line still come from the file.
    assert_eq!(args.detect.source, "sensor");
    assert!(args.no_console);
}

#[test]
fn flags_a_file_leaves_out_keep_their_defaults() {
    let args = watch_with("project = \"fleet\"\n", &[]);
    assert_eq!(args.detect.project, "fleet");
    assert_eq!(args.detect.source, "shrike");
    assert_eq!(args.data_dir, Path::new("."));
    assert_eq!(args.api.listen, "127.0.0.1:7070");
    assert!(args.detect.sink.is_empty());
    assert!(!args.no_console);
    // A file can also turn a switch back off.
    let args = watch_with("no_console = false\n", &["--no-console"]);
    assert!(args.no_console, "the flag wins");
}

// The shipped configurations are parsed with this parser, so that they cannot drift from it.
const WATCH_EXAMPLE: &str = include_str!("../../../../deploy/shrike-watch.example.toml");
const SERVE_EXAMPLE: &str = include_str!("../../../../deploy/shrike-serve.example.toml");
const DAEMONSET: &str = include_str!("../../../../deploy/kubernetes/daemonset.yaml");
const SERVER: &str = include_str!("../../../../deploy/kubernetes/server.yaml");

/// The settings an example shows commented out (`# key = value`), one line each.
fn commented_settings(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.strip_prefix("# "))
        .filter(|rest| {
            rest.split_once(" = ").is_some_and(|(key, _)| {
                !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
        })
        .collect()
}

/// Every key of `T` is set or shown commented out in `example`, and each commented-out
/// setting is itself valid.
fn check_example<T: for<'de> Deserialize<'de> + std::fmt::Debug>(name: &str, example: &str) {
    parse::<T>(name, example).unwrap_or_else(|e| panic!("{e}"));
    let commented = commented_settings(example);
    for line in &commented {
        parse::<T>(name, line).unwrap_or_else(|e| panic!("`{line}`: {e}"));
    }
    let active: toml::Table = toml::from_str(example).unwrap();
    for key in keys::<T>() {
        let shown = active.contains_key(key)
            || commented
                .iter()
                .any(|l| l.split_once(" = ").is_some_and(|(k, _)| k == key));
        assert!(shown, "{name} does not show `{key}`");
    }
}

#[test]
fn the_example_configurations_parse_and_show_every_key() {
    check_example::<WatchConfig>("deploy/shrike-watch.example.toml", WATCH_EXAMPLE);
    check_example::<ServeConfig>("deploy/shrike-serve.example.toml", SERVE_EXAMPLE);
    let watch: WatchConfig = parse("watch", WATCH_EXAMPLE).unwrap();
    assert_eq!(watch.data_dir.unwrap(), Path::new("/var/lib/shrike"));
    let serve: ServeConfig = parse("serve", SERVE_EXAMPLE).unwrap();
    assert!(serve.store.unwrap().starts_with("postgres://"));
    assert!(serve.ingest.unwrap().starts_with("nats://"));
}

/// The `shrike.toml` of the ConfigMap in a manifest.
fn configmap_toml(manifest: &str) -> String {
    let docs = yaml_rust2::YamlLoader::load_from_str(manifest).unwrap();
    let map = docs
        .iter()
        .find(|d| d["kind"].as_str() == Some("ConfigMap"))
        .expect("a ConfigMap");
    map["data"]["shrike.toml"].as_str().unwrap().to_owned()
}

#[test]
fn the_kubernetes_configmaps_parse() {
    let sensor: WatchConfig =
        parse("daemonset.yaml", &configmap_toml(DAEMONSET)).unwrap_or_else(|e| panic!("{e}"));
    let sinks = sensor.sink.unwrap();
    assert!(
        sinks.contains(&"nats://nats.shrike.svc:4222/shrike.findings".to_owned()),
        "{sinks:?}"
    );
    assert_eq!(sensor.data_dir.unwrap(), Path::new("/var/lib/shrike"));
    let server: ServeConfig =
        parse("server.yaml", &configmap_toml(SERVER)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        server.ingest.unwrap(),
        "nats://nats.shrike.svc:4222/shrike.findings"
    );
    assert!(server.store.is_none(), "the store URL comes from a Secret");
}
