//! Replay throughput on one core, in exec events per second, for a realistic mix: container
//! health checks and app subprocesses, host cron jobs and builds, Python one-liners, compilers in
//! containers, a 10,000-hash intel feed, and a few reverse-shell sessions.
//!
//! Groups, each measured in the same run:
//! - `detect`: pre-decoded events through the engine. `all-detectors` is the product;
//!   `table-only` (every detector disabled: process table and container resolution only) is the
//!   baseline it is compared with; `seed-detectors` runs the five seed finding types' detectors
//!   only, to show what the rest of the catalogue costs. These three get their events warm, a
//!   chunk at a time, as the engine does in `shrike watch` (see `run_warm`).
//!   `all-detectors-cold` gives the engine all 150,000 events built in advance, so each one is
//!   read long after it was written and its strings miss every cache: a worst case, not how
//!   events arrive.
//! - `replay`: JSON lines decoded and run through the engine (what `shrike replay` does);
//!   `decode-only` is its baseline.
//!
//! Run: `cargo bench -p shrike-detect --bench replay`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use shrike_core::codec::{decode_line, encode};
use shrike_core::event::{
    Cgroup, ContainerInfo, Executable, FdKind, Layer, Protocol, SocketFamily, SocketInfo, Stdio,
};
use shrike_core::{Event, ExecEvent, ExitEvent, ForkEvent};
use shrike_detect::{Engine, EngineConfig, DETECTOR_NAMES};
use shrike_intel::IntelSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The allocator the `shrike` binary runs with, so the engine's allocations and frees cost here
/// what they cost there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn hash_of(s: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(s.as_bytes()))
}

struct Workload {
    events: Vec<Event>,
    next_pid: u32,
    t: u64,
    execs: u64,
}

fn stdio(kind: FdKind) -> Stdio {
    Stdio {
        kind,
        ..Stdio::default()
    }
}

fn tcp(remote: &str) -> Stdio {
    Stdio {
        kind: FdKind::Socket,
        ino: Some(9),
        path: None,
        socket: Some(Box::new(SocketInfo {
            family: SocketFamily::Inet,
            protocol: Protocol::Tcp,
            local_ip: "172.17.0.4".parse().ok(),
            local_port: 49822,
            remote_ip: remote.parse().ok(),
            remote_port: 4444,
        })),
    }
}

impl Workload {
    fn spawn(
        &mut self,
        ppid: u32,
        path: &str,
        argv: &[&str],
        io: [Stdio; 3],
        container: Option<&Arc<ContainerInfo>>,
    ) -> u32 {
        let pid = self.next_pid;
        self.next_pid += 1;
        self.t += 50_000;
        self.events.push(Event::Fork(ForkEvent {
            time_ns: self.t,
            pid,
            ppid,
            start_time_ns: self.t,
        }));
        self.execs += 1;
        let (cgroup, layer) = match container {
            Some(c) => (format!("/system.slice/docker-{}.scope", c.id), Layer::Lower),
            None => ("/system.slice/cron.service".to_owned(), Layer::Host),
        };
        self.events.push(Event::Exec(Arc::new(ExecEvent {
            time_ns: self.t,
            pid,
            ppid,
            start_time_ns: self.t,
            uid: 0,
            gid: 0,
            comm: path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .chars()
                .take(15)
                .collect(),
            exe: Executable {
                path: path.into(),
                dev: 66,
                ino: 1000 + u64::from(pid % 97),
                size: 123_456,
                mtime_ns: 1,
                layer,
                sha256: Some(hash_of(path)),
                ..Executable::default()
            },
            argv: argv.iter().map(|s| s.to_string()).collect(),
            cwd: Some("/app".into()),
            stdio: io,
            cgroup: Some(Cgroup {
                id: 7,
                path: cgroup,
            }),
            container: container.cloned(),
            ..ExecEvent::default()
        })));
        pid
    }

    fn exit(&mut self, pid: u32) {
        self.t += 10_000;
        self.events.push(Event::Exit(ExitEvent {
            time_ns: self.t,
            pid,
            exit_code: 0,
        }));
    }
}

fn workload(execs_wanted: u64) -> Workload {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let containers: Vec<Arc<ContainerInfo>> = (0..20)
        .map(|i| {
            Arc::new(ContainerInfo {
                id: hash_of(&format!("container-{i}")),
                name: Some(format!("app-{i}")),
                image: Some(format!("registry.example.com/team/app-{i}:1.{i}")),
                ..ContainerInfo::default()
            })
        })
        .collect();
    let mut w = Workload {
        events: Vec::new(),
        next_pid: 1000,
        t: 1_795_456_575_000_000_000,
        execs: 0,
    };
    let pipe = || stdio(FdKind::Pipe);
    let tty = || stdio(FdKind::Tty);
    while w.execs < execs_wanted {
        let c = &containers[rng.below(containers.len() as u64) as usize];
        match rng.below(100) {
            0..=39 => {
                let sh = w.spawn(
                    1,
                    "/bin/dash",
                    &[
                        "sh",
                        "-c",
                        "curl -fsS http://127.0.0.1:8080/healthz | grep ok",
                    ],
                    [pipe(), pipe(), pipe()],
                    Some(c),
                );
                let a = w.spawn(
                    sh,
                    "/usr/bin/curl",
                    &["curl", "-fsS", "http://127.0.0.1:8080/healthz"],
                    [pipe(), pipe(), pipe()],
                    Some(c),
                );
                let b = w.spawn(
                    sh,
                    "/bin/grep",
                    &["grep", "ok"],
                    [pipe(), pipe(), pipe()],
                    Some(c),
                );
                w.exit(a);
                w.exit(b);
                w.exit(sh);
            }
            40..=59 => {
                let sh = w.spawn(
                    1,
                    "/bin/bash",
                    &["bash", "/etc/cron.daily/logrotate"],
                    [tty(), tty(), tty()],
                    None,
                );
                for (p, a) in [
                    ("/bin/ls", "ls"),
                    ("/bin/cat", "cat"),
                    ("/usr/bin/find", "find"),
                    ("/bin/gzip", "gzip"),
                ] {
                    let x = w.spawn(sh, p, &[a, "/var/log"], [pipe(), pipe(), tty()], None);
                    w.exit(x);
                }
                w.exit(sh);
            }
            60..=74 => {
                let x = w.spawn(
                    1,
                    "/usr/bin/python3.11",
                    &[
                        "python3",
                        "-c",
                        "import json,sys; print(json.load(sys.stdin)['status'])",
                    ],
                    [pipe(), pipe(), pipe()],
                    Some(c),
                );
                w.exit(x);
            }
            75..=84 => {
                let gcc = w.spawn(
                    1,
                    "/usr/bin/gcc-12",
                    &["gcc", "-O2", "-c", "x.c"],
                    [tty(), tty(), tty()],
                    None,
                );
                for (p, a) in [
                    ("/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "cc1"),
                    ("/usr/bin/x86_64-linux-gnu-as", "as"),
                    ("/usr/bin/x86_64-linux-gnu-ld.bfd", "ld"),
                ] {
                    let x = w.spawn(gcc, p, &[a], [tty(), tty(), tty()], None);
                    w.exit(x);
                }
                w.exit(gcc);
            }
            85..=94 => {
                let gcc = w.spawn(
                    1,
                    "/usr/bin/gcc-12",
                    &["gcc", "-o", "/tmp/x", "/tmp/x.c"],
                    [pipe(), pipe(), pipe()],
                    Some(c),
                );
                let cc1 = w.spawn(
                    gcc,
                    "/usr/lib/gcc/x86_64-linux-gnu/12/cc1",
                    &["cc1"],
                    [pipe(), pipe(), pipe()],
                    Some(c),
                );
                w.exit(cc1);
                w.exit(gcc);
            }
            95..=98 => {
                let x = w.spawn(
                    1,
                    "/tmp/.cache/kworkerd",
                    &["kworkerd"],
                    [pipe(), pipe(), pipe()],
                    Some(c),
                );
                w.exit(x);
            }
            _ => {
                let s = tcp("203.0.113.7");
                let sh = w.spawn(
                    1,
                    "/bin/bash",
                    &["bash", "-i"],
                    [s.clone(), s.clone(), s.clone()],
                    Some(c),
                );
                for (p, a) in [
                    ("/usr/bin/id", "id"),
                    ("/usr/bin/whoami", "whoami"),
                    ("/bin/uname", "uname"),
                ] {
                    let x = w.spawn(sh, p, &[a], [s.clone(), s.clone(), s.clone()], Some(c));
                    w.exit(x);
                }
                w.exit(sh);
            }
        }
    }
    w
}

fn intel() -> Arc<IntelSet> {
    let mut feed = String::new();
    for i in 0..10_000 {
        feed.push_str(&hash_of(&format!("malware-{i}")));
        feed.push('\n');
    }
    feed.push_str(&hash_of("/tmp/.cache/kworkerd"));
    feed.push('\n');
    let mut set = IntelSet::new();
    set.load_str("bench-feed", &feed).expect("bench feed loads");
    Arc::new(set)
}

/// The detectors of the five seed finding types; the others were added beyond them.
const SEED_DETECTORS: &[&str] = &[
    "reverse-shell",
    "remote-command",
    "compiler",
    "malicious-binary",
    "malicious-python",
];

#[derive(Clone, Copy)]
enum Detectors {
    None,
    Seed,
    All,
}

fn engine(intel: &Arc<IntelSet>, detectors: Detectors) -> Engine {
    let config = EngineConfig {
        disabled: DETECTOR_NAMES
            .iter()
            .filter(|d| match detectors {
                Detectors::None => true,
                Detectors::Seed => !SEED_DETECTORS.contains(d),
                Detectors::All => false,
            })
            .map(|s| s.to_string())
            .collect(),
        ..EngineConfig::default()
    };
    Engine::new(config, Arc::clone(intel), None)
}

/// Events handed to the engine at a time in the warm runs: about what one read of the sensor's
/// ring buffer yields under load.
const WARM_CHUNK: usize = 256;

/// A copy of `event` in freshly allocated memory.
fn fresh(event: &Event) -> Event {
    match event {
        Event::Exec(exec) => Event::Exec(Arc::new(ExecEvent::clone(exec))),
        other => other.clone(),
    }
}

/// One pass over `events` with the engine seeing them as `shrike watch` and `shrike replay` do:
/// each chunk of [`WARM_CHUNK`] events is built (copied into new memory, untimed) just before the
/// engine processes it (timed), so the events are in cache the way the enricher's or the
/// decoder's output is. Engine construction and teardown are untimed.
fn run_warm(intel: &Arc<IntelSet>, detectors: Detectors, events: &[Event]) -> Duration {
    let mut engine = engine(intel, detectors);
    let mut out = Vec::with_capacity(64);
    let mut timed = Duration::ZERO;
    for chunk in events.chunks(WARM_CHUNK) {
        let batch: Vec<Event> = chunk.iter().map(fresh).collect();
        let start = Instant::now();
        for ev in batch {
            engine.process(ev, &mut out);
            out.clear();
        }
        timed += start.elapsed();
    }
    drop(std::hint::black_box(engine));
    timed
}

fn bench(c: &mut Criterion) {
    let w = workload(50_000);
    let intel = intel();
    let lines: Vec<String> = w.events.iter().map(encode).collect();
    {
        // Sanity: the mix does produce findings, and the workload is what it claims.
        let mut e = engine(&intel, Detectors::All);
        let mut out = Vec::new();
        for ev in w.events.iter().cloned() {
            e.process(ev, &mut out);
        }
        assert!(e.stats().total_findings() > 100, "{:?}", e.stats());
        eprintln!(
            "mix: {} events, {} execs, {:?}",
            w.events.len(),
            w.execs,
            e.stats()
        );
    }

    let mut group = c.benchmark_group("detect");
    group.throughput(Throughput::Elements(w.execs));
    group.sample_size(20);
    for (name, detectors) in [
        ("table-only", Detectors::None),
        ("seed-detectors", Detectors::Seed),
        ("all-detectors", Detectors::All),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    timed += run_warm(&intel, detectors, &w.events);
                }
                timed
            })
        });
    }
    // The same events, each read long after it was built: every string is a cache miss.
    group.bench_function("all-detectors-cold", |b| {
        b.iter_batched(
            || {
                (
                    engine(&intel, Detectors::All),
                    w.events.clone(),
                    Vec::with_capacity(64),
                )
            },
            |(mut engine, events, mut out)| {
                for ev in events {
                    engine.process(ev, &mut out);
                    out.clear();
                }
                engine
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();

    let mut group = c.benchmark_group("replay");
    group.throughput(Throughput::Elements(w.execs));
    group.sample_size(10);
    group.bench_function("decode-only", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (i, line) in lines.iter().enumerate() {
                n += usize::from(decode_line(line, i + 1).is_ok());
            }
            n
        })
    });
    group.bench_function("decode+all-detectors", |b| {
        b.iter_batched(
            || (engine(&intel, Detectors::All), Vec::with_capacity(64)),
            |(mut engine, mut out)| {
                for (i, line) in lines.iter().enumerate() {
                    if let Ok(ev) = decode_line(line, i + 1) {
                        engine.process(ev, &mut out);
                        out.clear();
                    }
                }
                engine
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
