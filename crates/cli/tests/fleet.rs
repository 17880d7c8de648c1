//! Fleet mode against real servers: two `shrike replay` publishers stream findings through a
//! real `nats-server` (JetStream) into one `shrike serve --ingest` writing to PostgreSQL
//! (`SHRIKE_TEST_POSTGRES`; SQLite when it is not set). The central server is killed with
//! SIGKILL mid-stream and restarted, NATS is stopped for a while and restarted, and the final
//! store must hold every finding exactly once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/fleet.rs"]
mod fleet;
use fleet::NatsServer;

fn shrike_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_shrike"))
}

/// A fresh PostgreSQL database in `SHRIKE_TEST_POSTGRES`'s server (dropped afterwards), or a
/// SQLite file when that is not set.
struct CentralStore {
    url: String,
    pg: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl CentralStore {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        match std::env::var("SHRIKE_TEST_POSTGRES") {
            Ok(admin) => {
                let db = format!("shrike_fleet_{}", std::process::id());
                let mut c = postgres::Client::connect(&admin, postgres::NoTls)
                    .expect("connecting to SHRIKE_TEST_POSTGRES");
                c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
                    .unwrap();
                c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
                let (base, _) = admin.rsplit_once('/').unwrap();
                Self {
                    url: format!("{base}/{db}"),
                    pg: Some((admin, db)),
                    _dir: dir,
                }
            }
            Err(_) => {
                eprintln!("SHRIKE_TEST_POSTGRES is not set: the central store is SQLite");
                Self {
                    url: format!("sqlite:{}", dir.path().join("central.db").display()),
                    pg: None,
                    _dir: dir,
                }
            }
        }
    }

    fn count(&self) -> u64 {
        let mut store = shrike_store::open(&self.url).unwrap();
        store
            .list(&shrike_store::ListQuery {
                page_size: Some(1),
                ..Default::default()
            })
            .unwrap()
            .total_size
    }

    /// Every stored name, paged (offset pages: call it when nothing is being written).
    fn names(&self) -> Vec<String> {
        let mut store = shrike_store::open(&self.url).unwrap();
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
}

impl Drop for CentralStore {
    fn drop(&mut self) {
        if let Some((admin, db)) = &self.pg {
            if let Ok(mut c) = postgres::Client::connect(admin, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
            }
        }
    }
}

/// Exec events that each make one finding, numbered from `from`.
fn events(from: u64, n: u64) -> String {
    (from..from + n)
        .map(|i| fleet::exec_event(i, 1_795_456_575_000_000_000 + i * 1000))
        .collect()
}

/// The finding names a local replay of the same events gives for `host`.
fn expected_names(host: &str, events: &str) -> BTreeSet<String> {
    let mut child = Command::new(shrike_bin())
        .args(["replay", "--host", host, "--sink", "jsonl:-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = events.to_owned();
    let feeder = std::thread::spawn(move || stdin.write_all(text.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["finding"]["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// A `shrike replay` publishing to NATS, fed through its stdin.
struct Publisher {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Publisher {
    fn start(host: &str, sink: &str, spool: &Path) -> Self {
        let mut child = Command::new(shrike_bin())
            .args(["replay", "--host", host, "--sink", sink, "--spool-dir"])
            .arg(spool)
            .arg("-")
            .env("SHRIKE_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        Self { child, stdin }
    }

    fn feed(&mut self, events: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(events.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    fn finish(mut self) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "publisher exited with {status}");
    }
}

/// Waits until the store holds `want` findings (its count, read in one query) or the time is
/// up; returns the count.
fn wait_for_count(store: &CentralStore, want: u64, within: Duration) -> u64 {
    let deadline = Instant::now() + within;
    loop {
        let total = store.count();
        if total >= want || Instant::now() >= deadline {
            return total;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn two_publishers_one_ingester_survive_a_killed_server_and_a_nats_outage_exactly_once() {
    const PER_PHASE: u64 = 1500;
    let mut nats = NatsServer::start();
    let central = CentralStore::new();
    let spools = tempfile::tempdir().unwrap();
    let sink = nats.url("fleet.findings");
    // A short ack wait so that what the killed server had in hand comes back quickly.
    let ingest = format!("{sink}?ack_wait_secs=2");

    let phases: Vec<String> = (0..3).map(|p| events(p * PER_PHASE, PER_PHASE)).collect();
    let all: String = phases.concat();
    let mut expected = expected_names("node-a", &all);
    expected.extend(expected_names("node-b", &all));
    assert_eq!(expected.len(), 2 * 3 * PER_PHASE as usize);

    let mut server = fleet::CentralServer::start(&central.url, &ingest);
    let mut a = Publisher::start("node-a", &sink, &spools.path().join("a"));
    let mut b = Publisher::start("node-b", &sink, &spools.path().join("b"));

    // Phase 1, then the central server dies mid-stream (SIGKILL) while phase 2 is published.
    a.feed(&phases[0]);
    b.feed(&phases[0]);
    let first = wait_for_count(&central, 1, Duration::from_secs(30));
    assert!(first > 0, "nothing reached the central store");
    server.kill9();
    a.feed(&phases[1]);
    b.feed(&phases[1]);
    std::thread::sleep(Duration::from_millis(500));
    server = fleet::CentralServer::start(&central.url, &ingest);

    // NATS goes away while phase 3 is detected: the publishers spool it.
    std::thread::sleep(Duration::from_millis(500));
    nats.stop();
    a.feed(&phases[2]);
    b.feed(&phases[2]);
    std::thread::sleep(Duration::from_secs(3));
    nats.restart();

    wait_for_count(&central, expected.len() as u64, Duration::from_secs(90));
    a.finish();
    b.finish();
    // The restarted server counts what it committed, and how long findings took to arrive.
    let stored = server.stored();
    let page = server.metrics();
    assert!(stored > 0, "{page}");
    let observed = fleet::sample(&page, "shrike_ingest_latency_seconds_count").unwrap_or(0.0);
    assert!(observed >= stored as f64, "{page}");
    server.stop();
    // Nothing writes any more: the pages are stable.
    let names = central.names();
    let unique: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(names.len(), unique.len(), "a finding is stored twice");
    let missing: Vec<&String> = expected.difference(&unique).take(5).collect();
    assert!(
        missing.is_empty(),
        "{} of {} findings missing, e.g. {missing:?}",
        expected.len() - unique.len().min(expected.len()),
        expected.len()
    );
    assert_eq!(unique, expected);
}
