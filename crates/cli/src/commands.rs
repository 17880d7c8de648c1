//! Command-line definitions and their implementations.

use crate::exit::Failure;
use anyhow::{anyhow, Context};
use clap::{Args, Parser, Subcommand};
use shrike_core::codec::EventReader;
use shrike_core::{FindingEnvelope, Sink};
use shrike_detect::{check_name, CreateTime, Engine, EngineConfig, NameList, DETECTOR_NAMES};
use shrike_intel::IntelSet;
use shrike_sinks::SinkSpec;
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

/// A clap parser for one entry of a detection name list, checked as the configuration file's are.
fn names(list: NameList) -> impl Fn(&str) -> Result<String, String> + Clone + Send + Sync {
    move |entry: &str| check_name(list, entry).map(|()| entry.to_owned())
}

const AFTER_HELP: &str = "\
Exit status: 0 on success, 2 on bad usage or bad input, 1 on any other failure.
Logging: set SHRIKE_LOG (e.g. SHRIKE_LOG=debug) to see more on stderr.";

/// Runtime threat detection for Linux containers: an eBPF sensor sees every process start,
/// detectors decide whether it is an attack, and each detection becomes a Security Command
/// Center-shaped finding.
#[derive(Debug, Parser)]
#[command(name = "shrike", version, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Watch this host live: load the eBPF sensor (root), detect, deliver findings.
    Watch(WatchArgs),
    /// Record the live, enriched event stream as JSON lines (root).
    Record(RecordArgs),
    /// Run the detectors over a recorded event stream (JSON lines, see docs/events.md).
    ///
    /// Findings go to every --sink (default: jsonl:- , i.e. stdout). Deterministic: the same
    /// input and options give the same findings, byte for byte.
    #[command(after_help = "\
Examples:
  shrike replay events.jsonl
  shrike replay --intel feeds/full_sha256.txt --sink jsonl:findings.jsonl events.jsonl
  cat events.jsonl | shrike replay --keep-going -

Exit status: 0 on success, 2 on bad usage or bad input (a malformed event line is named
as FILE:LINE with the offending field), 1 on any other failure.")]
    Replay(ReplayArgs),
    /// Score Python files with the malicious-Python model.
    Classify(ClassifyArgs),
    /// Query and triage findings in the store.
    Findings(FindingsArgs),
    /// Serve the HTTP API and web console over a findings store.
    Serve(ServeArgs),
}

/// Options shared by every command that runs detection.
#[derive(Debug, Args)]
pub(crate) struct DetectArgs {
    /// Threat intel: a SHA-256 list, a LOKI `hash;comment` file, an abuse.ch / MalwareBazaar
    /// CSV export, a YARA rule file (`.yar`, `.yara`), or a directory of them. Repeatable. A
    /// feed's format is detected from its content; MD5 and SHA-1 entries are skipped and
    /// counted. `watch` scans every executable with the YARA rules once per file identity
    /// (files over 64 MiB are not scanned, a scan stops after 1 to 2 s; both are reported); a match
    /// fires the malicious-binary findings, naming the rule. A rule that does not compile
    /// stops the start with FILE:LINE:COLUMN. `replay` uses the matches recorded in the
    /// events.
    #[arg(long, value_name = "PATH")]
    pub(crate) intel: Vec<PathBuf>,
    /// Where findings go. Repeatable. `jsonl:PATH` appends JSON lines to PATH, `jsonl:-`
    /// writes them to stdout, `stderr` prints one human-readable line per finding,
    /// `sqlite:PATH` and `postgres://USER:PASS@HOST/DB` store them (duplicates ignored),
    /// `nats://HOST:PORT/SUBJECT` publishes them to NATS JetStream (on `SUBJECT.<category>`,
    /// message id = finding name; `?spool_max_mb=N` bounds the on-disk spool, default 512).
    /// `webhook:https://HOST/PATH` POSTs each as SCC notification JSON, spooled and retried
    /// (`#hmac_secret_env=VAR` signs them; see docs/webhooks.md).
    /// `ocsf:PATH` (`ocsf:-` stdout) appends OCSF Detection Finding JSON lines, and
    /// `syslog:udp://HOST:PORT`, `syslog:tcp://HOST:PORT` or `syslog:unix:PATH` sends them as
    /// RFC 5424 syslog (`?facility=local3`; see docs/siem.md).
    #[arg(long, value_name = "SPEC")]
    pub(crate) sink: Vec<String>,
    /// Where sinks that deliver over the network (nats://, webhook:) spool findings until the
    /// other end acknowledges them; a directory per sink (default: DATA_DIR/spool for `watch`,
    /// ./shrike-spool for `replay`).
    #[arg(long, value_name = "DIR")]
    pub(crate) spool_dir: Option<PathBuf>,
    /// Do not run this detector. Repeatable.
    #[arg(long, value_name = "DETECTOR", value_parser = clap::builder::PossibleValuesParser::new(DETECTOR_NAMES))]
    pub(crate) disable: Vec<String>,
    /// Comma-separated command names that Possible Remote Command Execution watches,
    /// replacing the default list (see `docs/detectors.md`).
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = names(NameList::RemoteCommands))]
    pub(crate) remote_commands: Option<Vec<String>>,
    /// Comma-separated compiler, assembler and linker names (`gcc`, or `go build` for a tool
    /// that needs a subcommand) replacing the default list of Launch Code Compiler Tool In
    /// Container (see `docs/detectors.md`).
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = names(NameList::CompilerTools))]
    pub(crate) compiler_tools: Option<Vec<String>>,
    /// Comma-separated names of processes that should not start shells, replacing the default
    /// list of Unexpected Child Shell (web servers, application servers, databases; see
    /// `docs/detectors.md`). An entry ending in `*` matches a prefix (`php-fpm*`).
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = names(NameList::ShellParents))]
    pub(crate) shell_parents: Option<Vec<String>>,
    /// Project in finding names (`projects/PROJECT/sources/SOURCE/findings/ID`).
    #[arg(long, default_value = "local")]
    pub(crate) project: String,
    /// Source in finding names.
    #[arg(long, default_value = "shrike")]
    pub(crate) source: String,
    /// Host name used in resource names and finding ids (default: this machine's hostname).
    #[arg(long)]
    pub(crate) host: Option<String>,
    #[command(flatten)]
    pub(crate) pyml: PymlArgs,
}

/// The malicious-Python model and its threshold.
#[derive(Debug, Args)]
pub(crate) struct PymlArgs {
    /// Score at or above which Python code is malicious, 0..1 (default: the model's own
    /// threshold, chosen on out-of-fold scores for a 0.1% false-positive rate; see
    /// `docs/pyml-model.md`). Lower catches more and flags more benign code.
    #[arg(long, value_name = "SCORE", value_parser = parse_threshold)]
    pub(crate) pyml_threshold: Option<f32>,
    /// A model file written by `scripts/train-pyml.sh` instead of the built-in model.
    #[arg(long, value_name = "FILE")]
    pub(crate) pyml_model: Option<PathBuf>,
}

fn parse_threshold(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        Ok(v) => Err(format!("{v} is outside 0..1")),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

/// The classifier `args` ask for: the built-in model or a model file, at its threshold or
/// the one given.
pub(crate) fn classifier(args: &PymlArgs) -> Result<shrike_pyml::Classifier, Failure> {
    let model = match &args.pyml_model {
        Some(path) => {
            let bytes = shrike_pyml::model::read_model_file(path)
                .map_err(|e| Failure::bad_input(anyhow::anyhow!("{}: {e}", path.display())))?;
            shrike_pyml::Model::from_bytes(&path.display().to_string(), &bytes)
                .map_err(Failure::bad_input)?
        }
        None => shrike_pyml::embedded_model().map_err(Failure::other)?,
    };
    Ok(shrike_pyml::Classifier::new(model, args.pyml_threshold))
}

#[derive(Debug, Args)]
pub(crate) struct ReplayArgs {
    /// Recorded events (JSON lines); `-` reads stdin.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Skip malformed event lines (counted and reported on stderr) instead of stopping at the
    /// first one.
    #[arg(long)]
    keep_going: bool,
    #[command(flatten)]
    pub(crate) detect: DetectArgs,
    /// TOML configuration file with the same keys as `shrike watch --config` (the detection
    /// keys are used); flags take precedence (see docs/deploy.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Without --sink, findings go to stderr (one line each) and to the SQLite store DATA_DIR/shrike.db
(browse it with `shrike findings list`).
Stops on SIGINT or SIGTERM: the ring buffer is drained and every sink flushed, then it exits 0.
Lost events (ring buffer full, undecodable records, executables that could not be hashed) are
counted and reported; nothing is dropped silently.

Exit status: 0 after a clean stop, 2 on bad usage or bad input, 1 on any other failure (not
root, no BTF, programs refused by the kernel).")]
pub(crate) struct WatchArgs {
    #[command(flatten)]
    pub(crate) detect: DetectArgs,
    /// Directory of the embedded findings store (`shrike.db`, SQLite in WAL mode).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) data_dir: PathBuf,
    /// Also write the enriched event stream to FILE (JSON lines), for `shrike replay`.
    #[arg(long, value_name = "FILE")]
    pub(crate) record: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) api: ApiArgs,
    /// Do not serve the API and console.
    #[arg(long)]
    pub(crate) no_console: bool,
    /// Do not watch shared libraries loaded in containers (Added Library Loaded and the
    /// malicious-library findings). Watching them hooks the exit of every system call on the
    /// host, which costs each system call 15-30 ns (docs/benchmarks.md).
    #[arg(long)]
    pub(crate) no_library_events: bool,
    /// TOML configuration file: keys named after these flags (`data_dir`, `sink = [..]`);
    /// flags given on the command line take precedence (see docs/deploy.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Writes every exec, fork and exit on this host, and every shared library loaded in a container, enriched, as JSON lines (docs/events.md);
`shrike replay FILE` then gives the findings a live `shrike watch` would have. Stops on SIGINT
or SIGTERM after draining and flushing.")]
pub(crate) struct RecordArgs {
    /// Where to write the event stream (JSON lines); `-` is stdout.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Do not record shared libraries loaded in containers (see `shrike watch --help`).
    #[arg(long)]
    pub(crate) no_library_events: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ClassifyArgs {
    /// Python source files, or directories (their `.py` files, recursively).
    #[arg(value_name = "FILE", required = true)]
    pub(crate) files: Vec<PathBuf>,
    /// One JSON object per file: {"path", "score", "malicious", "reasons"}; an unreadable
    /// file gets {"path", "error"}. A file is scored as the sensor scores it: read whole as
    /// CPython reads it (a declared utf-7 or unicode_escape encoding decodes all of it), and
    /// when that text is over 1 MiB, in windows of 1 MiB that start outside string literals,
    /// each on its own, the highest score the verdict. The windows cover all
    /// of a file up to 9 MiB, and the first 8 MiB and the last 1 MiB of a larger one. Such a
    /// file also gets {"size", "scored_bytes", "scored_tail_bytes", "windows"}, and
    /// "truncated": true when some of it went unscored.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) pyml: PymlArgs,
}

#[derive(Debug, Args)]
pub(crate) struct FindingsArgs {
    /// The findings store: `sqlite:PATH` or `postgres://…` (default: the store `shrike watch`
    /// keeps in the current directory).
    #[arg(
        long,
        value_name = "URL",
        default_value = "sqlite:shrike.db",
        global = true
    )]
    pub(crate) store: String,
    #[command(subcommand)]
    pub(crate) command: FindingsCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum FindingsCommand {
    /// List findings, newest first.
    List {
        /// SCC filter expression, e.g. `category="Reverse Shell" AND severity="CRITICAL"`.
        #[arg(long)]
        filter: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show one finding.
    Show {
        /// Finding name (`projects/P/sources/S/findings/ID`).
        name: String,
        /// The finding as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set a finding's state.
    SetState {
        /// Finding name.
        name: String,
        /// New state.
        #[arg(value_parser = ["ACTIVE", "INACTIVE"])]
        state: String,
    },
    /// Mute a finding.
    Mute {
        /// Finding name.
        name: String,
    },
}

#[derive(Debug, Args)]
#[command(after_help = "\
API (shaped like Security Command Center's v1 REST; OpenAPI at /v1/openapi.json):
  GET  /v1/projects/P/sources/S/findings?filter=&orderBy=&pageSize=&pageToken=   (S = - for all)
  GET  /v1/projects/P/sources/S/findings/ID
  POST /v1/projects/P/sources/S/findings/ID:setState   {\"state\": \"INACTIVE\"}
  POST /v1/projects/P/sources/S/findings/ID:setMute    {\"mute\": \"MUTED\"}
  GET  /v1/findings:stream   (server-sent events of new findings)
Off 127.0.0.1/::1 a bearer token is required (--token-file or SHRIKE_API_TOKEN).")]
pub(crate) struct ServeArgs {
    /// Findings store: `sqlite:PATH` or `postgres://…` (required, as this flag or as `store`
    /// in --config).
    // Empty when not given: `config::apply` takes it from the file or refuses to start.
    #[arg(
        long,
        value_name = "URL",
        default_value = "",
        hide_default_value = true
    )]
    pub(crate) store: String,
    #[command(flatten)]
    pub(crate) api: ApiArgs,
    /// Consume findings from NATS JetStream.
    #[arg(long, value_name = "nats://HOST:PORT/SUBJECT")]
    pub(crate) ingest: Option<String>,
    /// TOML configuration file: keys named after these flags (`store`, `listen`, `ingest`);
    /// flags given on the command line take precedence (see docs/deploy.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

/// Where and how the HTTP API listens.
#[derive(Debug, Args)]
pub(crate) struct ApiArgs {
    /// Address of the API (and, later, the console).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7070")]
    pub(crate) listen: String,
    /// File holding the bearer token clients must send (required off loopback); the
    /// SHRIKE_API_TOKEN environment variable is read when this is not given.
    #[arg(long, value_name = "FILE")]
    pub(crate) token_file: Option<PathBuf>,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Replay(args) => replay(args),
        Command::Watch(args) => crate::live::watch(args),
        Command::Record(args) => crate::live::record(args),
        Command::Classify(args) => crate::classify::run(args),
        Command::Findings(args) => crate::findings::run(args),
        Command::Serve(args) => crate::api::serve(args),
    }
}

fn this_host() -> String {
    let mut buf = String::new();
    let read = std::fs::File::open("/proc/sys/kernel/hostname")
        .and_then(|f| std::io::Read::read_to_string(&mut std::io::Read::take(f, 256), &mut buf));
    match read {
        Ok(_) if !buf.trim().is_empty() => buf.trim().to_owned(),
        _ => "localhost".to_owned(),
    }
}

/// The threat intel named by `--intel`: hash feeds, and YARA rules when any rule file is named
/// or found in a named directory.
pub(crate) struct Intel {
    pub(crate) feeds: IntelSet,
    pub(crate) yara: Option<Arc<dyn shrike_core::event::ContentScanner>>,
}

use shrike_core::event::is_yara_rule_file as is_rule_file;

#[cfg(feature = "yara")]
fn load_yara(paths: &[PathBuf]) -> Result<Arc<dyn shrike_core::event::ContentScanner>, Failure> {
    let rules = shrike_yara::Rules::load(paths)
        .map_err(|e| Failure::bad_input(anyhow::anyhow!("YARA rules: {e}")))?;
    tracing::info!(
        files = rules.files().len(),
        rules = rules.len(),
        "YARA rules loaded"
    );
    Ok(Arc::new(shrike_yara::BoundedRules {
        rules,
        limits: shrike_yara::Limits::default(),
    }))
}

#[cfg(not(feature = "yara"))]
fn load_yara(paths: &[PathBuf]) -> Result<Arc<dyn shrike_core::event::ContentScanner>, Failure> {
    Err(Failure::bad_input(anyhow::anyhow!(
        "{}: YARA rules need a build of shrike with the `yara` feature",
        paths
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    )))
}

pub(crate) fn load_intel(paths: &[PathBuf]) -> Result<Intel, Failure> {
    let mut intel = IntelSet::new();
    let mut rule_paths = Vec::new();
    for path in paths {
        if path.is_dir() {
            // A directory may hold both; each loader takes its own files.
            if std::fs::read_dir(path)
                .map(|d| d.flatten().any(|e| is_rule_file(&e.path())))
                .unwrap_or(false)
            {
                rule_paths.push(path.clone());
            }
        } else if is_rule_file(path) {
            rule_paths.push(path.clone());
            continue;
        }
        let stats = intel.load_path(path).map_err(Failure::bad_input)?;
        for s in stats {
            tracing::info!(
                feed = %s.source,
                format = %s.format,
                sha256 = s.sha256_loaded,
                md5_skipped = s.md5_skipped,
                sha1_skipped = s.sha1_skipped,
                "threat-intel feed loaded"
            );
            if s.md5_skipped + s.sha1_skipped > 0 {
                eprintln!(
                    "shrike: {}: skipped {} MD5 and {} SHA-1 entries (only SHA-256 is matched)",
                    s.source, s.md5_skipped, s.sha1_skipped
                );
            }
        }
    }
    let yara = if rule_paths.is_empty() {
        None
    } else {
        Some(load_yara(&rule_paths)?)
    };
    Ok(Intel { feeds: intel, yara })
}

pub(crate) fn engine_config(args: &DetectArgs, create_time: CreateTime) -> EngineConfig {
    EngineConfig {
        project: args.project.clone(),
        source: args.source.clone(),
        host: args.host.clone().unwrap_or_else(this_host),
        create_time,
        remote_commands: args.remote_commands.clone(),
        compiler_tools: args.compiler_tools.clone(),
        shell_parents: args.shell_parents.clone(),
        disabled: args.disable.clone(),
        ..EngineConfig::default()
    }
}

pub(crate) fn open_sinks(
    specs: &[String],
    defaults: &[&str],
    context: &shrike_sinks::SinkContext,
) -> Result<Vec<Box<dyn Sink>>, Failure> {
    let specs: Vec<&str> = if specs.is_empty() {
        defaults.to_vec()
    } else {
        specs.iter().map(String::as_str).collect()
    };
    specs
        .into_iter()
        .map(|s| {
            if is_store_url(s) {
                let sink = shrike_store::StoreSink::open(s)
                    .with_context(|| format!("cannot open sink {}", shrike_store::redact_url(s)))
                    .map_err(Failure::other)?;
                return Ok(Box::new(sink) as Box<dyn Sink>);
            }
            let spec = SinkSpec::parse(s).map_err(Failure::bad_input)?;
            spec.build(context)
                .with_context(|| format!("cannot open sink {spec}"))
                .map_err(Failure::other)
        })
        .collect()
}

/// `sqlite:PATH` and `postgres://…` name a findings store.
pub(crate) fn is_store_url(s: &str) -> bool {
    s.starts_with("sqlite:") || s.starts_with("postgres://") || s.starts_with("postgresql://")
}

pub(crate) fn deliver(
    sinks: &mut [Box<dyn Sink>],
    findings: &mut Vec<FindingEnvelope>,
) -> Result<(), Failure> {
    for finding in findings.drain(..) {
        for sink in sinks.iter_mut() {
            sink.deliver(&finding)
                .with_context(|| format!("delivering {}", finding.finding.name))?;
        }
    }
    Ok(())
}

fn replay(args: ReplayArgs) -> Result<(), Failure> {
    let Intel { feeds: intel, yara } = load_intel(&args.detect.intel)?;
    if yara.is_some() {
        eprintln!(
            "shrike: YARA rules scan executables while watching; a replay uses the matches \
             recorded in the events (exe.yara)"
        );
    }
    let config = engine_config(&args.detect, CreateTime::EventTime);
    let source_name = args.file.display().to_string();
    let reader: Box<dyn BufRead> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.file)
            .with_context(|| format!("cannot open {source_name}"))
            .map_err(Failure::bad_input)?;
        Box::new(std::io::BufReader::with_capacity(256 * 1024, file))
    };
    let context = shrike_sinks::SinkContext {
        spool_dir: args
            .detect
            .spool_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("shrike-spool")),
    };
    let mut sinks = open_sinks(&args.detect.sink, &["jsonl:-"], &context)?;
    let classifier: Arc<dyn shrike_core::ScriptClassifier> =
        Arc::new(classifier(&args.detect.pyml)?);
    let mut engine = Engine::new(config, Arc::new(intel), Some(classifier));
    let mut events = EventReader::new(reader);
    let mut findings = Vec::new();
    let mut skipped = 0u64;
    let mut first_skipped = None;
    while let Some(event) = events.next_event() {
        match event {
            Ok(event) => engine.process(event, &mut findings),
            Err(e) if args.keep_going => {
                skipped += 1;
                tracing::warn!(file = %source_name, line = e.line, error = %e, "skipping malformed event");
                first_skipped.get_or_insert_with(|| e.in_file(&source_name));
            }
            Err(e) => {
                // Deliver what was found before the bad line: nothing detected is lost.
                deliver(&mut sinks, &mut findings)?;
                flush(&mut sinks)?;
                return Err(Failure::bad_input(anyhow!(e.in_file(&source_name))));
            }
        }
        if !findings.is_empty() {
            deliver(&mut sinks, &mut findings)?;
        }
    }
    flush(&mut sinks)?;
    let stats = engine.stats();
    if skipped > 0 {
        eprintln!(
            "shrike: skipped {skipped} malformed event line(s) in {source_name}; first: {}",
            first_skipped.unwrap_or_default()
        );
    }
    tracing::info!(
        execs = stats.execs,
        forks = stats.forks,
        exits = stats.exits,
        findings = stats.total_findings(),
        skipped,
        "replay finished"
    );
    Ok(())
}

pub(crate) fn flush(sinks: &mut [Box<dyn Sink>]) -> Result<(), Failure> {
    for sink in sinks.iter_mut() {
        sink.flush()?;
    }
    Ok(())
}
