//! The sensor after [`drop_after_attach`]: only the two kept capabilities, no new privileges,
//! and still able to hash an execute-only binary run by another user and read its environment.
//!
//! Needs root (it loads the real sensor). It runs without the libtest harness
//! (`harness = false`): capabilities belong to threads, so the drop must happen in a process
//! with one thread, which this `main` is.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use shrike_core::Event;
use shrike_sensor::enrich::EnrichConfig;
use shrike_sensor::live::LiveSource;
use shrike_sensor::privileges::{drop_after_attach, status_mask, PrivilegeError};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// CAP_DAC_READ_SEARCH (2) and CAP_SYS_PTRACE (19).
const KEPT_MASK: u64 = (1 << 2) | (1 << 19);
const NOBODY: u32 = 65534;
const CHILD_MODE: &str = "SHRIKE_PRIVILEGES_TEST_THREAD_FIRST";

fn status(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn field(status: &str, name: &str) -> String {
    status
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {name} in {status}"))
        .trim()
        .to_owned()
}

fn assert_dropped(status: &str, who: &str) {
    for set in ["CapEff", "CapPrm", "CapBnd"] {
        assert_eq!(
            status_mask(status, set),
            Some(KEPT_MASK),
            "{who}: {set} is {}",
            field(status, set)
        );
    }
    assert_eq!(status_mask(status, "CapInh"), Some(0), "{who}");
    assert_eq!(status_mask(status, "CapAmb"), Some(0), "{who}");
    assert_eq!(field(status, "NoNewPrivs"), "1", "{who}");
}

fn main() {
    if !nix::unistd::geteuid().is_root() {
        assert!(
            std::env::var_os("CI").is_none(),
            "privileges: this test must run as root in CI"
        );
        eprintln!("privileges: skipped: needs root for the eBPF sensor");
        return;
    }
    if std::env::var_os(CHILD_MODE).is_some() {
        thread_started_before_the_drop();
        return;
    }
    // First, while this process still has everything to pass on to the child.
    let out = Command::new(std::env::current_exe().unwrap())
        .env(CHILD_MODE, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("other threads reported"),
        "{out:?}"
    );
    eprintln!("privileges: a thread started before the drop is reported ... ok");
    kept_capabilities_still_hash_another_users_execute_only_binary();
    eprintln!("privileges: kept capabilities still hash another user's execute-only binary ... ok");
}

fn kept_capabilities_still_hash_another_users_execute_only_binary() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), PermissionsExt::from_mode(0o755)).unwrap();
    // A binary that only its owner, nobody, may read: root reads it only through
    // CAP_DAC_READ_SEARCH (or CAP_DAC_OVERRIDE, which is dropped).
    let exe = dir.path().join("exe-only-cat");
    std::fs::copy("/usr/bin/cat", &exe).unwrap();
    std::os::unix::fs::chown(&exe, Some(NOBODY), Some(NOBODY)).unwrap();
    std::fs::set_permissions(&exe, PermissionsExt::from_mode(0o711)).unwrap();
    let sha = hex::encode(sha2::Sha256::digest(std::fs::read(&exe).unwrap()));
    // A file of nobody's that root may read (CAP_DAC_READ_SEARCH) but no longer write.
    let private = dir.path().join("nobody-private");
    std::fs::write(&private, "x").unwrap();
    std::os::unix::fs::chown(&private, Some(NOBODY), Some(NOBODY)).unwrap();
    std::fs::set_permissions(&private, PermissionsExt::from_mode(0o600)).unwrap();

    // nobody's process waits for a line, then runs the binary: after the drop, when this
    // process could no longer change uid to start it.
    let marker = format!("shrike-privileges-{}", std::process::id());
    let mut nobody = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "sh",
            "-c",
            "read go; exec \"$0\"",
        ])
        .arg(&exe)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOSTNAME", &marker)
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();

    let mut source =
        LiveSource::start(EnrichConfig::default(), Default::default()).expect("the sensor loads");
    let kept = drop_after_attach().expect("privileges dropped");
    assert_eq!(kept.effective, ["CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE"]);
    assert_eq!(kept.bounding, kept.effective);
    assert!(kept.no_new_privs && kept.bounding_narrowed, "{kept}");
    assert_dropped(&status("/proc/self/status"), "the process");
    let thread = std::thread::spawn(|| status("/proc/thread-self/status"))
        .join()
        .unwrap();
    assert_dropped(&thread, "a thread started afterwards");

    // What was dropped is gone: no second load, no writing another user's file.
    assert!(
        shrike_sensor::loader::Sensor::load(Default::default()).is_err(),
        "loading again without CAP_BPF must fail"
    );
    let write = std::fs::OpenOptions::new().append(true).open(&private);
    assert_eq!(
        write.map(|_| ()).unwrap_err().kind(),
        std::io::ErrorKind::PermissionDenied,
        "CAP_DAC_OVERRIDE is dropped"
    );
    assert_eq!(std::fs::read_to_string(&private).unwrap(), "x");

    // It runs (reading its stdin) until the test has looked: the sensor may be seconds behind
    // on a busy machine, and this process can no longer kill another user's.
    let mut stdin = nobody.stdin.take().unwrap();
    stdin.write_all(b"go\n").unwrap();
    let pid = nobody.id();
    let path = exe.to_str().unwrap();
    let mut events = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let exec = loop {
        source.poll(&mut events, Duration::from_millis(20)).unwrap();
        let found = events.drain(..).find_map(|e| match e {
            Event::Exec(x) if x.pid == pid && x.exe.path == path => Some(x),
            _ => None,
        });
        if let Some(x) = found {
            break x;
        }
        assert!(Instant::now() < deadline, "the exec of {path} was not seen");
    };
    assert_eq!(exec.uid, NOBODY);
    assert_eq!(
        exec.exe.sha256.as_deref(),
        Some(sha.as_str()),
        "not hashed: {:?}",
        exec.exe.hash_error
    );
    assert_eq!(
        exec.env.get("HOSTNAME").map(String::as_str),
        Some(marker.as_str()),
        "environment of another user's process read"
    );
    assert_eq!(exec.cwd.as_deref(), dir.path().to_str());
    drop(stdin);
    assert!(nobody.wait().unwrap().success());
    assert_eq!(source.stats().decode_errors, 0);
}

/// In a child process: a thread that exists before the drop keeps its capabilities, and the
/// drop says so rather than claiming success.
fn thread_started_before_the_drop() {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let waiting = std::thread::spawn(move || {
        let _ = rx.recv();
    });
    match drop_after_attach() {
        Err(PrivilegeError::OtherThreads { tids, .. }) => {
            assert_eq!(tids.len(), 1, "{tids:?}");
            println!("other threads reported: {tids:?}");
        }
        other => panic!("expected OtherThreads, got {other:?}"),
    }
    drop(tx);
    waiting.join().unwrap();
}
