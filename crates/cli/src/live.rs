//! `shrike watch` and `shrike record`: the live sensor feeding the same engine and sinks as
//! replay.

use crate::commands::{
    deliver, engine_config, flush, load_intel, open_sinks, RecordArgs, WatchArgs,
};
use crate::exit::Failure;
use crate::metrics::{FindingMetrics, SensorMetrics};
use crate::tamper::{BlindCheck, Heartbeat, StopSignal};
use anyhow::{anyhow, Context};
use shrike_core::codec::encode;
use shrike_core::Event;
use shrike_detect::{CreateTime, Engine};
use shrike_sensor::enrich::{EnrichConfig, PythonScorer};
use shrike_sensor::live::{LiveSource, LiveStats};
use shrike_sensor::loader::SensorOptions;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the reader sleeps when the ring buffer is empty.
const IDLE: Duration = Duration::from_millis(5);
/// How often lost-event counters are checked and reported.
const REPORT_EVERY: Duration = Duration::from_secs(10);
/// How often the sensor's counters are copied to the metrics.
const METRICS_EVERY: Duration = Duration::from_secs(1);

/// Loads and attaches the sensor, then gives up every capability it no longer needs. Must run
/// before any thread is started (sinks, API): capabilities belong to threads, and only threads
/// started after the drop inherit it.
fn start(
    yara: Option<Arc<dyn shrike_core::event::ContentScanner>>,
    python: Option<Arc<dyn shrike_core::ScriptClassifier>>,
    libraries: bool,
) -> Result<LiveSource, Failure> {
    let source = LiveSource::start(
        EnrichConfig {
            yara,
            python: python.map(PythonScorer),
            ..EnrichConfig::default()
        },
        SensorOptions {
            libraries,
            ..SensorOptions::default()
        },
    )
    .map_err(|e| Failure::other(anyhow!(e)))?;
    // A failed drop leaves the sensor with more than it needs, not blind: it runs on, loudly.
    match shrike_sensor::privileges::drop_after_attach() {
        Ok(kept) => tracing::info!(%kept, "privileges dropped after attach"),
        Err(e) => tracing::error!(error = %e, "running with more privileges than the sensor needs"),
    }
    Ok(source)
}

fn report_losses(stats: &LiveStats, last: &mut LiveStats) {
    if stats.kernel_lost != last.kernel_lost {
        tracing::warn!(
            exec = stats.kernel_lost.exec,
            fork = stats.kernel_lost.fork,
            exit = stats.kernel_lost.exit,
            library = stats.kernel_lost.library,
            "events lost in the kernel: ring buffer full"
        );
    }
    if stats.decode_errors != last.decode_errors {
        tracing::warn!(
            total = stats.decode_errors,
            "sensor records could not be decoded"
        );
    }
    if stats.enrich.hash_failures != last.enrich.hash_failures {
        tracing::warn!(
            total = stats.enrich.hash_failures,
            "executables could not be hashed"
        );
    }
    if stats.enrich.python_over_budget != last.enrich.python_over_budget {
        tracing::warn!(
            total = stats.enrich.python_over_budget,
            "long Python scripts left to the detector's capture: the sensor's scoring budget was spent"
        );
    }
    *last = *stats;
}

fn summary(stats: &LiveStats) -> String {
    format!(
        "{} events; lost: {} in the kernel (exec {}, fork {}, exit {}, library {}), {} undecodable; executables hashed {} (cache hits {}, after exit {}), not hashed {}; scripts captured {}, not read {}; YARA scans {} (matched {}), not scanned {}; long Python scripts scored {} (not, over budget: {})",
        stats.events,
        stats.kernel_lost.total(),
        stats.kernel_lost.exec,
        stats.kernel_lost.fork,
        stats.kernel_lost.exit,
        stats.kernel_lost.library,
        stats.decode_errors,
        stats.enrich.hashed,
        stats.enrich.hash_cache_hits,
        stats.enrich.hashed_after_exit,
        stats.enrich.hash_failures,
        stats.enrich.scripts_captured,
        stats.enrich.script_failures,
        stats.enrich.yara_scanned,
        stats.enrich.yara_matched,
        stats.enrich.yara_failures,
        stats.enrich.python_scored,
        stats.enrich.python_over_budget,
    )
}

struct Recorder {
    out: std::io::BufWriter<Box<dyn Write>>,
    name: String,
}

impl Recorder {
    fn create(path: &std::path::Path) -> Result<Self, Failure> {
        let name = path.display().to_string();
        let out: Box<dyn Write> = if name == "-" {
            Box::new(std::io::stdout())
        } else {
            // Owner only, whatever the umask: processes' command lines and environment.
            use std::os::unix::fs::OpenOptionsExt;
            Box::new(
                std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .mode(0o600)
                    .open(path)
                    .with_context(|| format!("cannot create {name}"))
                    .map_err(Failure::bad_input)?,
            )
        };
        Ok(Self {
            out: std::io::BufWriter::with_capacity(256 * 1024, out),
            name,
        })
    }

    fn write(&mut self, event: &Event) -> Result<(), Failure> {
        let line = encode(event);
        self.out
            .write_all(line.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .with_context(|| format!("writing {}", self.name))
            .map_err(Failure::other)
    }

    fn flush(&mut self) -> Result<(), Failure> {
        self.out
            .flush()
            .with_context(|| format!("flushing {}", self.name))
            .map_err(Failure::other)
    }
}

/// Drives the source until a stop signal: `handle` gets each batch of events, `tick` runs every
/// [`REPORT_EVERY`] (as do the loss report and the blind-sensor check); after the stop signal
/// one last drain goes through `handle`. Returns the final counters, with every loss reported.
fn pump(
    source: &mut LiveSource,
    stop: &StopSignal,
    mut handle: impl FnMut(&mut Vec<Event>) -> Result<(), Failure>,
    mut tick: impl FnMut() -> Result<(), Failure>,
) -> Result<LiveStats, Failure> {
    let mut events = Vec::with_capacity(1024);
    let mut last = LiveStats::default();
    let mut last_report = Instant::now();
    let mut metrics = SensorMetrics::register();
    let mut last_metrics = Instant::now();
    let mut blind = BlindCheck::new(source.stats().events);
    loop {
        let stopping = stop.stopping();
        source
            .poll(&mut events, if stopping { Duration::ZERO } else { IDLE })
            .map_err(|e| Failure::other(anyhow!(e)))?;
        for event in &events {
            metrics.event(event);
        }
        handle(&mut events)?;
        events.clear();
        if last_metrics.elapsed() >= METRICS_EVERY {
            metrics.update(&source.stats());
            last_metrics = Instant::now();
        }
        if last_report.elapsed() >= REPORT_EVERY {
            tick()?;
            let stats = source.stats();
            report_losses(&stats, &mut last);
            blind.check(stats.events);
            last_report = Instant::now();
        }
        if stopping {
            break;
        }
    }
    let stats = source.stats();
    report_losses(&stats, &mut last);
    metrics.update(&stats);
    Ok(stats)
}

/// `shrike watch`.
pub fn watch(args: WatchArgs) -> Result<(), Failure> {
    let crate::commands::Intel { feeds: intel, yara } = load_intel(&args.detect.intel)?;
    let config = engine_config(&args.detect, CreateTime::Now);
    let host = config.host.clone();
    let default_store = format!("sqlite:{}", args.data_dir.join("shrike.db").display());
    let context = shrike_sinks::SinkContext {
        spool_dir: args
            .detect
            .spool_dir
            .clone()
            .unwrap_or_else(|| args.data_dir.join("spool")),
    };
    // Sink specs are checked before the sensor loads; the sinks open after it, once privileges
    // are dropped, because some start threads.
    for spec in args
        .detect
        .sink
        .iter()
        .filter(|s| !crate::commands::is_store_url(s))
    {
        shrike_sinks::SinkSpec::parse(spec).map_err(Failure::bad_input)?;
    }
    let mut recorder = args.record.as_deref().map(Recorder::create).transpose()?;
    let stop = StopSignal::install()?;
    // The sensor scores long Python scripts with the detector's model (and threshold), unless
    // the detector is disabled and no recording could be replayed with it.
    let classifier: Arc<dyn shrike_core::ScriptClassifier> =
        Arc::new(crate::commands::classifier(&args.detect.pyml)?);
    let python_detector = !config.disabled.iter().any(|d| d == "malicious-python");
    let sensor_python = (python_detector || args.record.is_some()).then(|| Arc::clone(&classifier));
    let mut source = start(yara, sensor_python, !args.no_library_events)?;
    let mut sinks = open_sinks(&args.detect.sink, &["stderr", &default_store], &context)?;
    // After the sensor's own checks (root, BTF), so that a refused start writes nothing.
    let mut heartbeat = Heartbeat::start(&args.data_dir)?;
    let mut engine = Engine::new(config, Arc::new(intel), Some(classifier));
    let names: Vec<&str> = sinks.iter().map(|s| s.name()).collect();
    eprintln!(
        "shrike: watching {host}: sensor attached; findings to {}",
        names.join(", ")
    );
    if !args.no_console {
        let store_url = args
            .detect
            .sink
            .iter()
            .map(String::as_str)
            .find(|s| crate::commands::is_store_url(s))
            .unwrap_or(if args.detect.sink.is_empty() {
                default_store.as_str()
            } else {
                ""
            })
            .to_owned();
        if store_url.is_empty() {
            eprintln!("shrike: no sqlite: or postgres:// sink, so no API is served (add one, or --no-console)");
        } else {
            let addr = crate::api::spawn_for_watch(&store_url, &args.api)?;
            eprintln!(
                "shrike: API on http://{addr}/v1/ over {}",
                shrike_store::redact_url(&store_url)
            );
        }
    }
    let mut findings = Vec::new();
    let finding_metrics = FindingMetrics::register();
    let stats = pump(
        &mut source,
        &stop,
        |events| {
            for event in events.drain(..) {
                if let Some(r) = recorder.as_mut() {
                    r.write(&event)?;
                }
                engine.process(event, &mut findings);
            }
            for f in &findings {
                finding_metrics.finding(f);
            }
            if !findings.is_empty() {
                deliver(&mut sinks, &mut findings)?;
                flush(&mut sinks)?;
            }
            Ok(())
        },
        || heartbeat.beat(),
    )?;
    stop.log_stop("shrike watch");
    flush(&mut sinks)?;
    if let Some(r) = recorder.as_mut() {
        r.flush()?;
    }
    eprintln!(
        "shrike: stopped: {} findings; {}",
        engine.stats().total_findings(),
        summary(&stats)
    );
    heartbeat.stop()
}

/// `shrike record`.
pub fn record(args: RecordArgs) -> Result<(), Failure> {
    let recorder = Recorder::create(&args.output)?;
    let stop = StopSignal::install()?;
    // Long Python scripts are scored with the built-in model, so a replay sees past the capture.
    let classifier: Arc<dyn shrike_core::ScriptClassifier> =
        Arc::new(crate::commands::classifier(&crate::commands::PymlArgs {
            pyml_threshold: None,
            pyml_model: None,
        })?);
    let mut source = start(None, Some(classifier), !args.no_library_events)?;
    eprintln!("shrike: recording to {}: sensor attached", recorder.name);
    let recorder = std::cell::RefCell::new(recorder);
    let stats = pump(
        &mut source,
        &stop,
        |events| {
            events
                .iter()
                .try_for_each(|e| recorder.borrow_mut().write(e))
        },
        || recorder.borrow_mut().flush(),
    )?;
    stop.log_stop("shrike record");
    recorder.borrow_mut().flush()?;
    eprintln!("shrike: stopped: {}", summary(&stats));
    Ok(())
}
