//! Crash safety of delivery: `kill -9` of the publishing sensor process and of the central
//! `shrike serve --ingest` at random moments while findings flow, with a real `nats-server` and
//! a central store in SQLite and in PostgreSQL (`SHRIKE_TEST_POSTGRES`).
//!
//! The publisher is `shrike replay` fed through a pipe (it runs the same engine and sinks as
//! `shrike watch`). Its sinks are, in this order, `nats://…` (which appends each finding to its
//! on-disk spool before anything else) and `jsonl:FILE`: a finding in that file has been
//! reported by the sensor, so it must end up in the central store. After the last restart every
//! reported finding is there, exactly once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

#[path = "support/fleet.rs"]
#[allow(dead_code, reason = "this test does not stop NATS nor read metrics")]
mod fleet;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn shrike_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_shrike"))
}

/// A small deterministic generator (xorshift), seeded from the clock and printed, so a failing
/// run can be repeated with `SHRIKE_CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::env::var("SHRIKE_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| shrike_core::time::now_ns() | 1);
        eprintln!("crash test seed: SHRIKE_CRASH_SEED={seed}");
        Self(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A publisher fed by a thread that writes events until the pipe breaks.
struct Publisher {
    child: Child,
    feeder: Option<std::thread::JoinHandle<u64>>,
}

impl Publisher {
    fn start(
        nats_url: &str,
        spool: &Path,
        report: &Path,
        from: u64,
        stop: Arc<AtomicBool>,
    ) -> Self {
        let mut child = Command::new(shrike_bin())
            .args(["replay", "--host", "crash-node", "--sink", nats_url])
            .arg("--sink")
            .arg(format!("jsonl:{}", report.display()))
            .arg("--spool-dir")
            .arg(spool)
            .arg("-")
            .env("SHRIKE_LOG", "error")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            let mut i = from;
            while !stop.load(Ordering::SeqCst) {
                let mut chunk = String::new();
                for k in 0..50 {
                    chunk.push_str(&fleet::exec_event(
                        i + k,
                        1_795_456_575_000_000_000 + (i + k) * 1000,
                    ));
                }
                if stdin.write_all(chunk.as_bytes()).is_err() {
                    break;
                }
                i += 50;
                std::thread::sleep(Duration::from_millis(5));
            }
            i
        });
        Self {
            child,
            feeder: Some(feeder),
        }
    }

    /// SIGKILL; returns the next event number to feed.
    fn kill9(mut self) -> u64 {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.feeder.take().unwrap().join().unwrap()
    }
}

fn reported(dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                // The last line of a killed writer may be cut short: it was not reported whole.
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    names.insert(v["finding"]["name"].as_str().unwrap().to_owned());
                }
            }
        }
    }
    names
}

fn stored(url: &str) -> Vec<String> {
    let mut store = shrike_store::open(url).unwrap();
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = store
            .list(&shrike_store::ListQuery {
                page_size: Some(1000),
                page_token: token.take(),
                ..Default::default()
            })
            .unwrap();
        names.extend(page.findings.into_iter().map(|f| f.finding.name));
        match page.next_page_token {
            Some(t) => token = Some(t),
            None => return names,
        }
    }
}

fn count(url: &str) -> u64 {
    shrike_store::open(url)
        .unwrap()
        .list(&shrike_store::ListQuery {
            page_size: Some(1),
            ..Default::default()
        })
        .unwrap()
        .total_size
}

/// Kills the publisher and the central server at random moments, `rounds` times, then lets
/// everything finish and checks the central store against what the publisher reported.
fn crash_and_check(store_url: &str) {
    let mut rng = Rng::new();
    let nats = fleet::NatsServer::start();
    let work = tempfile::tempdir().unwrap();
    let spool = work.path().join("spool");
    let reports = work.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let sink = nats.url("crash.findings");
    let ingest = format!("{sink}?ack_wait_secs=2");

    let mut serve = Some(fleet::CentralServer::start(store_url, &ingest));
    let mut next = 0;
    for round in 0..6 {
        let stop = Arc::new(AtomicBool::new(false));
        let publisher = Publisher::start(
            &sink,
            &spool,
            &reports.join(format!("round-{round}.jsonl")),
            next,
            Arc::clone(&stop),
        );
        let started = Instant::now();
        let publisher_dies = Duration::from_millis(300 + rng.below(900));
        let server_dies = Duration::from_millis(rng.below(1200));
        let mut server_killed = false;
        while started.elapsed() < publisher_dies {
            if !server_killed && started.elapsed() >= server_dies {
                serve.take().unwrap().kill9();
                server_killed = true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        next = publisher.kill9();
        stop.store(true, Ordering::SeqCst);
        if server_killed {
            serve = Some(fleet::CentralServer::start(store_url, &ingest));
        }
    }
    // A last publisher with nothing to read: it sends what earlier ones left in the spool.
    let mut last = Command::new(shrike_bin())
        .args([
            "replay",
            "--host",
            "crash-node",
            "--sink",
            &sink,
            "--spool-dir",
        ])
        .arg(&spool)
        .arg("-")
        .env("SHRIKE_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    assert!(last.wait().unwrap().success());

    let expected = reported(&reports);
    assert!(
        expected.len() > 100,
        "the publishers reported only {} findings",
        expected.len()
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(store_url) < expected.len() as u64 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    // Let re-deliveries of what a killed server had in hand come in too, then stop.
    std::thread::sleep(Duration::from_secs(3));
    serve.take().unwrap().kill9();

    let names = stored(store_url);
    let unique: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(names.len(), unique.len(), "a finding is stored twice");
    let missing: Vec<&String> = expected.difference(&unique).take(5).collect();
    assert!(
        missing.is_empty(),
        "{} reported findings are not in the store, e.g. {missing:?}",
        expected.difference(&unique).count()
    );
    // Anything stored beyond the report was spooled by a publisher killed before its jsonl
    // line was written; it must still be one of the generated events.
    for name in unique.difference(&expected) {
        assert!(name.contains("/findings/"), "{name}");
    }
    eprintln!(
        "{}: {} findings reported, {} stored, events fed up to {next}",
        shrike_store::redact_url(store_url),
        expected.len(),
        unique.len()
    );
}

#[test]
fn killing_publisher_and_server_at_random_loses_nothing_reported_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    crash_and_check(&format!(
        "sqlite:{}",
        dir.path().join("central.db").display()
    ));
}

#[test]
fn killing_publisher_and_server_at_random_loses_nothing_reported_postgres() {
    let Ok(admin) = std::env::var("SHRIKE_TEST_POSTGRES") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set SHRIKE_TEST_POSTGRES (see .ci/run)"
        );
        eprintln!("PostgreSQL part skipped: set SHRIKE_TEST_POSTGRES");
        return;
    };
    let db = format!("shrike_crash_{}", std::process::id());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .unwrap();
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    crash_and_check(&format!("{base}/{db}"));
    let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
}
