//! End-to-end fleet benchmark: findings per second from two publishers (`shrike replay
//! --sink nats://…`) through a real `nats-server` (JetStream) into `shrike serve --ingest`
//! writing to PostgreSQL, and the exec → stored latency under a paced load.
//!
//! ```text
//! SHRIKE_TEST_POSTGRES=$(scripts/test-postgres.sh) cargo bench -p shrike --bench fleet
//! ```
//!
//! Three measurements, in one run so their ratios compare like with like:
//! - `direct`: the baseline. The same two publishers write straight into PostgreSQL
//!   (`--sink postgres://…`), no NATS.
//! - `fleet`: the publishers send everything as fast as they can through NATS; the rate is
//!   findings stored centrally divided by the time from the first publisher start to the last
//!   finding committed.
//! - `latency`: the publishers are fed at a fixed rate (`SHRIKE_BENCH_RATE` findings/s in all,
//!   default 10,000) with events stamped at the moment they are written; the central server's
//!   `shrike_ingest_latency_seconds` histogram (event time → committed) gives p50/p99 as the
//!   bucket bounds they fall in.
//!
//! `SHRIKE_BENCH_FINDINGS` sets the findings per publisher (default 50,000).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "benchmark harness: a broken fixture should stop it loudly"
)]

#[path = "../tests/support/fleet.rs"]
#[allow(
    dead_code,
    reason = "the fleet test stops and restarts NATS; the bench does not"
)]
mod fleet;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn shrike_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_shrike"))
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Database {
    admin: String,
    name: String,
    url: String,
}

impl Database {
    fn create(admin: &str, name: &str) -> Self {
        let mut c = postgres::Client::connect(admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        Self {
            admin: admin.to_owned(),
            name: name.to_owned(),
            url: format!("{base}/{name}"),
        }
    }

    fn count(&self) -> u64 {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        match c.query_one("SELECT count(*) FROM findings", &[]) {
            Ok(row) => u64::try_from(row.get::<_, i64>(0)).unwrap_or(0),
            // The table appears when the first writer has run its migrations.
            Err(_) => 0,
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn replay(host: &str, sink: &str, spool: &Path, input: Stdio) -> Child {
    Command::new(shrike_bin())
        .args(["replay", "--host", host, "--sink", sink, "--spool-dir"])
        .arg(spool)
        .arg("-")
        .env("SHRIKE_LOG", "error")
        .stdin(input)
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

fn file_input(path: &Path) -> Stdio {
    Stdio::from(std::fs::File::open(path).unwrap())
}

/// Waits until the central server has stored `want` new findings, by its own counter (a cheap
/// scrape every 20 ms; counting rows in PostgreSQL that often would compete for the CPU).
fn wait_for(serve: &fleet::CentralServer, want: u64, within: Duration) -> Instant {
    let deadline = Instant::now() + within;
    loop {
        let stored = serve.stored();
        if stored >= want {
            return Instant::now();
        }
        assert!(
            Instant::now() < deadline,
            "only {stored} of {want} findings stored"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Cumulative `(le, count)` pairs of the ingest latency histogram.
fn latency_buckets(page: &str) -> Vec<(f64, f64)> {
    page.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("shrike_ingest_latency_seconds_bucket{le=\"")?;
            let (le, value) = rest.split_once("\"} ")?;
            let le = if le == "+Inf" {
                f64::INFINITY
            } else {
                le.parse().ok()?
            };
            Some((le, value.parse().ok()?))
        })
        .collect()
}

/// The bucket bound the `q` quantile falls under, from the difference of two scrapes.
fn quantile(before: &[(f64, f64)], after: &[(f64, f64)], q: f64) -> f64 {
    let deltas: Vec<(f64, f64)> = after
        .iter()
        .map(|&(le, n)| {
            let was = before
                .iter()
                .find(|(b, _)| *b == le)
                .map_or(0.0, |(_, n)| *n);
            (le, n - was)
        })
        .collect();
    let total = deltas.last().map_or(0.0, |(_, n)| *n);
    deltas
        .iter()
        .find(|(_, n)| *n >= q * total)
        .map_or(f64::INFINITY, |(le, _)| *le)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument that does not name this bench skips it.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !args.is_empty() && !args.iter().any(|a| "fleet".contains(a.as_str())) {
        return;
    }
    let Ok(admin) = std::env::var("SHRIKE_TEST_POSTGRES") else {
        eprintln!("fleet bench needs PostgreSQL: SHRIKE_TEST_POSTGRES=$(scripts/test-postgres.sh) cargo bench -p shrike --bench fleet");
        std::process::exit(2);
    };
    let per = env_u64("SHRIKE_BENCH_FINDINGS", 50_000);
    let rate = env_u64("SHRIKE_BENCH_RATE", 10_000);
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("events.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        for i in 0..per {
            f.write_all(fleet::exec_event(i, 1_795_456_575_000_000_000 + i * 1000).as_bytes())
                .unwrap();
        }
    }
    let nats = fleet::NatsServer::start();
    let subject = "bench.findings";
    println!("fleet: 2 publishers x {per} findings");

    // Baseline: straight into PostgreSQL.
    let direct = Database::create(&admin, "shrike_bench_direct");
    // Migrations first, so the two writers do not race to create the tables.
    drop(shrike_store::open(&direct.url).unwrap());
    let start = Instant::now();
    let pubs: Vec<Child> = ["node-a", "node-b"]
        .iter()
        .map(|h| {
            replay(
                h,
                &direct.url,
                &work.path().join("spool"),
                file_input(&input),
            )
        })
        .collect();
    for mut p in pubs {
        assert!(p.wait().unwrap().success());
    }
    let direct_secs = start.elapsed().as_secs_f64();
    assert_eq!(direct.count(), 2 * per);
    let direct_rate = (2 * per) as f64 / direct_secs;
    println!("fleet/direct-postgres   {direct_rate:>10.0} findings/s ({direct_secs:.2} s)");

    // Through NATS into the central server.
    let central = Database::create(&admin, "shrike_bench_fleet");
    let serve = fleet::CentralServer::start(&central.url, &nats.url(subject));
    let start = Instant::now();
    let pubs: Vec<Child> = ["node-a", "node-b"]
        .iter()
        .map(|h| {
            replay(
                h,
                &nats.url(subject),
                &work.path().join(format!("spool-{h}")),
                file_input(&input),
            )
        })
        .collect();
    for mut p in pubs {
        assert!(p.wait().unwrap().success());
    }
    // A publisher exits once JetStream has acknowledged everything it spooled.
    let published_secs = start.elapsed().as_secs_f64();
    let done = wait_for(&serve, 2 * per, Duration::from_secs(600));
    let fleet_secs = done.duration_since(start).as_secs_f64();
    println!(
        "fleet/published         {:>10.0} findings/s ({published_secs:.2} s until both publishers had every finding acknowledged)",
        (2 * per) as f64 / published_secs
    );
    assert_eq!(central.count(), 2 * per);
    let fleet_rate = (2 * per) as f64 / fleet_secs;
    println!(
        "fleet/nats-to-postgres  {fleet_rate:>10.0} findings/s ({fleet_secs:.2} s), {:.2} of direct",
        fleet_rate / direct_rate
    );

    // Latency under a paced load: events stamped as they are written.
    let before = latency_buckets(&serve.metrics());
    let seconds = 10;
    let per_pub = rate / 2;
    let mut pubs: Vec<Child> = ["pace-a", "pace-b"]
        .iter()
        .map(|h| {
            replay(
                h,
                &nats.url(subject),
                &work.path().join(format!("spool-{h}")),
                Stdio::piped(),
            )
        })
        .collect();
    let mut stdins: Vec<_> = pubs.iter_mut().map(|p| p.stdin.take().unwrap()).collect();
    let start = Instant::now();
    let tick = Duration::from_millis(10);
    let per_tick = per_pub / 100;
    let mut sent = 0u64;
    let mut next = start;
    while start.elapsed() < Duration::from_secs(seconds) {
        let now_ns = shrike_core::time::now_ns();
        for stdin in &mut stdins {
            let mut chunk = String::new();
            for k in 0..per_tick {
                chunk.push_str(&fleet::exec_event(per + sent + k, now_ns));
            }
            stdin.write_all(chunk.as_bytes()).unwrap();
        }
        sent += per_tick;
        next += tick;
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
    }
    drop(stdins);
    let want = 2 * per + 2 * sent;
    wait_for(&serve, want, Duration::from_secs(120));
    assert_eq!(central.count(), want);
    for mut p in pubs {
        assert!(p.wait().unwrap().success());
    }
    let after = latency_buckets(&serve.metrics());
    let offered = (2 * sent) as f64 / seconds as f64;
    println!(
        "fleet/latency at {offered:.0} findings/s: exec -> stored p50 <= {} s, p99 <= {} s (histogram bucket bounds)",
        quantile(&before, &after, 0.50),
        quantile(&before, &after, 0.99)
    );
}
