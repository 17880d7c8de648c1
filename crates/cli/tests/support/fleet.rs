//! Fleet fixtures shared by the fleet test and benchmark (included with `#[path]`): a real
//! `nats-server` with JetStream, and exec events that each make one finding.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn wait_for_port(port: u16, up: bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let open = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if open == up {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "port {port} did not become {}",
        if up { "open" } else { "closed" }
    );
}

/// A real `nats-server` with JetStream on loopback, its store in a temporary directory so a
/// restart keeps the stream.
pub struct NatsServer {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl NatsServer {
    pub fn start() -> Self {
        let mut server = Self {
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        server.restart();
        server
    }

    pub fn url(&self, subject: &str) -> String {
        format!("nats://127.0.0.1:{}/{subject}", self.port)
    }

    pub fn restart(&mut self) {
        assert!(self.child.is_none());
        let bin = ["/usr/sbin/nats-server", "/usr/bin/nats-server"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("nats-server is not installed: run scripts/install-deps.sh (Debian package nats-server)");
        let log = std::fs::File::create(self.dir.path().join("nats.log")).unwrap();
        let child = Command::new(bin)
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(self.dir.path().join("store"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        wait_for_port(self.port, true);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            child.wait().unwrap();
            wait_for_port(self.port, false);
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// One exec event (a compiler run in a container: one Launch Code Compiler Tool In Container
/// finding), as a JSON line; `i` makes its process and finding unique.
pub fn exec_event(i: u64, time_ns: u64) -> String {
    let mut line = serde_json::json!({
        "v": 1, "kind": "exec", "time_ns": time_ns,
        "pid": 100_000 + i, "ppid": 1, "start_time_ns": 4_000_000_000u64 + i,
        "uid": 0, "gid": 0, "comm": "gcc",
        "exe": {"path": "/usr/bin/gcc-12", "dev": 2049, "ino": 105_001, "size": 1_000_000,
                "mtime_ns": 1_790_000_000_000_000_000u64, "layer": "lower", "memfd": false, "deleted": false},
        "argv": ["gcc", "-o", format!("/tmp/x{i}"), "x.c"], "argv_truncated": false,
        "cwd": "/tmp", "env": {}, "env_truncated": false,
        "stdio": [{"kind": "pipe"}, {"kind": "pipe"}, {"kind": "pipe"}],
        "cgroup": {"id": 7191, "path": "/docker/4be1c9a07d3f2e6b8a5c1d0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"},
        "container": {"id": "4be1c9a07d3f2e6b8a5c1d0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d",
                      "runtime": "docker", "name": "api", "image": "example/api:1.9"}
    })
    .to_string();
    line.push('\n');
    line
}

/// `shrike serve --store STORE --ingest INGEST` on a free loopback port; killed when dropped.
pub struct CentralServer {
    child: Option<Child>,
    port: u16,
}

impl CentralServer {
    pub fn start(store: &str, ingest: &str) -> Self {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_shrike"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(["--store", store, "--ingest", ingest])
            .env("SHRIKE_LOG", "error")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, true);
        Self {
            child: Some(child),
            port,
        }
    }

    /// `GET /metrics`: the whole answer (it must be a 200).
    pub fn metrics(&self) -> String {
        let mut conn = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        conn.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let mut text = String::new();
        conn.read_to_string(&mut text).unwrap();
        assert!(
            text.starts_with("HTTP/1.0 200") || text.starts_with("HTTP/1.1 200"),
            "{text}"
        );
        text
    }

    /// Findings the ingester committed as new, by its own counter.
    pub fn stored(&self) -> u64 {
        sample(
            &self.metrics(),
            "shrike_ingest_messages_total{outcome=\"stored\"}",
        )
        .map_or(0, |v| v as u64)
    }

    /// SIGKILL.
    pub fn kill9(mut self) {
        let mut child = self.child.take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// SIGTERM; it must exit 0.
    pub fn stop(mut self) {
        let mut child = self.child.take().unwrap();
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        assert!(status.success(), "serve exited with {status}");
    }
}

impl Drop for CentralServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The value of one series (`name{labels}`) of a metrics page.
pub fn sample(page: &str, series: &str) -> Option<f64> {
    page.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}
