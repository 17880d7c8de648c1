//! No password, token or secret in what the binary prints: malformed and unreachable sinks,
//! stores and ingest sources are named with their passwords replaced.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report"
)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const SECRET: &str = "s3cret-Pa55";

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../detect/testdata")
        .join(rel)
}

/// Runs shrike with `args`; it must fail, and say nothing of the secret.
fn fails_without_showing_the_secret(args: &[&str]) -> String {
    let out = Command::cargo_bin("shrike")
        .unwrap()
        .env_remove("SHRIKE_LOG")
        .env_remove("SHRIKE_API_TOKEN")
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{args:?} succeeded: {stderr}");
    assert!(!stderr.contains(SECRET), "{args:?}: {stderr}");
    assert!(!stdout.contains(SECRET), "{args:?}: {stdout}");
    stderr
}

#[test]
fn malformed_sinks_are_named_without_their_password() {
    let events = testdata("reverse-shell/001.in");
    let events = events.to_str().unwrap();
    for sink in [
        format!("nats://shrike:{SECRET}@127.0.0.1:4222/bad subject"),
        format!("nats://shrike:{SECRET}@127.0.0.1:4222/x?spool_max_mb=none"),
        format!("nat://shrike:{SECRET}@127.0.0.1:4222/x"),
        format!("webhook:https://shrike:{SECRET}@127.0.0.1/hook#timeout_secs=0"),
    ] {
        let stderr = fails_without_showing_the_secret(&["replay", "--sink", &sink, events]);
        assert!(stderr.contains("shrike:<redacted>@"), "{sink}: {stderr}");
    }
}

#[test]
fn malformed_ingest_and_unreachable_stores_are_named_without_their_password() {
    let stderr = fails_without_showing_the_secret(&[
        "serve",
        "--store",
        "sqlite::memory:",
        "--ingest",
        &format!("nats://shrike:{SECRET}@127.0.0.1:4222/bad subject"),
    ]);
    assert!(stderr.contains("--ingest nats://shrike:***@"), "{stderr}");
    // Nothing listens on port 1: the connection fails, and the error says so without the URL's
    // password, whether it is in the user information or the query.
    for store in [
        format!("postgres://shrike:{SECRET}@127.0.0.1:1/findings"),
        format!("postgres://shrike@127.0.0.1:1/findings?password={SECRET}"),
    ] {
        fails_without_showing_the_secret(&["findings", "list", "--store", &store]);
        fails_without_showing_the_secret(&["serve", "--store", &store]);
    }
}

#[test]
fn a_wrong_token_file_is_named_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, SECRET).unwrap();
    // A store that cannot open, so serve stops after reading the token.
    fails_without_showing_the_secret(&[
        "serve",
        "--store",
        "sqlite:/nonexistent/dir/shrike.db",
        "--token-file",
        token.to_str().unwrap(),
    ]);
}
