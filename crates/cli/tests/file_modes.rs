//! Files Shrike creates are never world-writable, whatever the umask: `replay` under umask 000
//! with every sink that writes a file (the live test `watch_under_umask_000_creates_nothing_
//! world_writable` covers the store's -wal and -shm, the heartbeat and `--record`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report"
)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../detect/testdata")
        .join(rel)
}

/// Every path under `dir` with its permission bits.
fn modes_under(dir: &Path) -> Vec<(PathBuf, u32)> {
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
fn replay_under_umask_000_creates_nothing_world_writable() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let path = |name: &str| out_dir.join(name).to_str().unwrap().to_owned();
    // Nothing listens on this port: the webhook's findings stay in its spool.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new("sh")
        .args([
            "-c",
            "umask 000; : > \"$SHRIKE_TEST_CONTROL\"; exec \"$0\" \"$@\"",
        ])
        .arg(assert_cmd::cargo::cargo_bin("shrike"))
        .arg("replay")
        .args(["--sink", &format!("jsonl:{}", path("findings.jsonl"))])
        .args(["--sink", &format!("ocsf:{}", path("findings.ocsf"))])
        .args(["--sink", &format!("sqlite:{}", path("shrike.db"))])
        .args(["--sink", &format!("webhook:http://127.0.0.1:{dead}/hook")])
        .args(["--spool-dir", &path("spool")])
        .arg(testdata("reverse-shell/001.in"))
        .env("SHRIKE_TEST_CONTROL", dir.path().join("control"))
        .env("SHRIKE_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let control = std::fs::metadata(dir.path().join("control")).unwrap();
    assert_eq!(
        control.permissions().mode() & 0o777,
        0o666,
        "the umask really was 000"
    );
    let modes = modes_under(&out_dir);
    let mode_of = |name: &str| {
        modes
            .iter()
            .find(|(p, _)| p.file_name().and_then(|n| n.to_str()) == Some(name))
            .map(|(_, m)| *m)
            .unwrap_or_else(|| panic!("{name} not created: {modes:#?}"))
    };
    assert_eq!(mode_of("findings.jsonl"), 0o640);
    assert_eq!(mode_of("findings.ocsf"), 0o640);
    assert_eq!(mode_of("spool"), 0o700);
    assert!(
        std::fs::metadata(path("findings.jsonl")).unwrap().len() > 0,
        "the replay found something to write"
    );
    assert!(
        modes.len() > 5,
        "the store and the spool's files: {modes:#?}"
    );
    for (path, mode) in &modes {
        assert_eq!(mode & 0o002, 0, "{path:?} is world-writable: {mode:o}");
    }
    // The store is created 0600, and SQLite gives its -wal and -shm the same mode.
    for name in ["shrike.db", "shrike.db-wal", "shrike.db-shm"] {
        if modes.iter().any(|(p, _)| p.ends_with(name)) {
            assert_eq!(mode_of(name), 0o600, "{name}: {modes:#?}");
        }
    }
    assert_eq!(mode_of("shrike.db"), 0o600, "{modes:#?}");
}
