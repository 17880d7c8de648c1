//! Hostile feed files and directories (docs/reliability.md, "Hostile input"): each load ends in
//! a clear error naming the file (and line), or skips what is not a feed file, without hanging;
//! a failed load leaves nothing of itself behind. The format's own errors are in `src/tests.rs`
//! and `tests/props.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report"
)]

use shrike_intel::IntelSet;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success());
}

#[test]
fn a_feed_directory_skips_fifos_and_devices_and_names_a_link_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), format!("{HASH}\n")).unwrap();
    // Opening a FIFO for reading waits for a writer: it is not a feed file, so never opened.
    mkfifo(&dir.path().join("b.fifo"));
    symlink("/dev/zero", dir.path().join("c.dev")).unwrap();
    let mut intel = IntelSet::new();
    let started = Instant::now();
    let stats = intel.load_path(dir.path()).unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(stats.len(), 1);
    assert_eq!(intel.len(), 1);

    // A link that loops is an error naming it, and the directory's load is undone as a whole.
    let looped = dir.path().join("d.txt");
    symlink(&looped, &looped).unwrap();
    let mut intel = IntelSet::new();
    let err = intel.load_path(dir.path()).unwrap_err().to_string();
    assert!(err.contains("d.txt"), "{err}");
    assert!(err.contains("symbolic links"), "{err}");
    assert_eq!(intel.len(), 0);
    let err = intel.load_path(&looped).unwrap_err().to_string();
    assert!(
        err.contains("d.txt") && err.contains("symbolic links"),
        "{err}"
    );
}

#[test]
fn endless_and_binary_feeds_end_in_an_error_naming_the_line() {
    let mut intel = IntelSet::new();
    // An endless file with no newline: refused once a line passes the limit.
    let started = Instant::now();
    let err = intel.load_path(Path::new("/dev/zero")).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        err.to_string().split(": ").next(),
        Some("/dev/zero:1"),
        "{err}"
    );
    assert!(err.to_string().contains("longer than"), "{err}");

    // Binary garbage after a good line: an error at that line, and nothing kept.
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.txt");
    let mut bytes = format!("{HASH}\n").into_bytes();
    bytes.extend_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\xff\xfe\n");
    std::fs::write(&feed, &bytes).unwrap();
    let err = intel.load_path(&feed).unwrap_err().to_string();
    assert!(err.contains("feed.txt:2"), "{err}");
    assert_eq!(intel.len(), 0);

    // NUL bytes inside a hash, and a hash of the right length in another alphabet.
    for line in [
        format!("{}\0{}\n", &HASH[..32], &HASH[33..]),
        format!("{}\n", "\u{ff10}".repeat(64)),
    ] {
        let err = intel.load_str("odd.txt", &line).unwrap_err().to_string();
        assert!(err.starts_with("odd.txt:1"), "{err}");
    }
}

#[test]
fn a_fifo_named_directly_is_read_as_a_stream() {
    // `--intel <(curl …)` hands over a pipe: it is read to its end, like any feed.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("feed.fifo");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(&fifo, format!("{HASH};piped\n")).unwrap())
    };
    let mut intel = IntelSet::new();
    intel.load_path(&fifo).unwrap();
    writer.join().unwrap();
    assert_eq!(intel.len(), 1);
}
