//! Loads the sample feeds under `testdata/` from disk. Their hashes are digests of made-up
//! strings (`shrike-test-N`), never of real files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use shrike_intel::{FeedFormat, IntelSet};
use std::path::{Path, PathBuf};

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}

/// SHA-256 of `shrike-test-N`.
const SHA256: [&str; 10] = [
    "0b453bdca81dcfc1e8c256154dd85ab0eac7752641dbfc4fa6c970ad2e5126be",
    "e490774c240a233c3079655130a30ffc970b9dac94e3b6cdfd445f1cd6857460",
    "0f42eba43df619200934769551aaebe49a2cf09c70016b98097686f89b467789",
    "0a078d2a5d71bfa076f4eaf16941081f49dbf452e487d134762c3a2090d042d7",
    "e730ecd722e39129f15e4b09ef306b44c8181f7bd960fa3a06dc129737c00266",
    "8a200da727507f339c2bba4c4b35e8707521a47f9a156aa246819b8fe8fa445a",
    "b401972b074b4080aea8a558b370cd573431743bd8e3c29f1902de965c07ff21",
    "a4bce7f7e34ec8291a4ae7c948657c59c404feb7b4da4899040280214f423be0",
    "437a2da5c47a533f0e717075a70b563be6d9558617508c613f9b067798d3b25c",
    "e0e28d6b1c2b26669dbadff9590fb78c20133329c9654f404c46db1465d4951a",
];

#[test]
fn sample_feed_directory() {
    let dir = testdata("feeds");
    let mut set = IntelSet::new();
    let stats = set.load_path(&dir).expect("sample feeds load");

    // Sorted by name; the hidden `.notes` file is skipped.
    let summary: Vec<_> = stats
        .iter()
        .map(|s| {
            let name = Path::new(&s.source)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let counts = (
                s.sha256_loaded,
                s.sha256_duplicates,
                s.md5_skipped,
                s.sha1_skipped,
            );
            (name, s.format, counts)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "10-plain.sha256".to_owned(),
                FeedFormat::PlainSha256,
                (4, 0, 1, 1)
            ),
            (
                "20-loki-hash-iocs.txt".to_owned(),
                FeedFormat::Loki,
                (2, 1, 1, 1)
            ),
            (
                "30-malwarebazaar.csv".to_owned(),
                FeedFormat::AbuseChCsv,
                (2, 1, 0, 0)
            ),
            (
                "40-threatfox.csv".to_owned(),
                FeedFormat::AbuseChCsv,
                (2, 0, 1, 0)
            ),
        ]
    );
    assert_eq!(set.len(), 10);
    for hash in SHA256 {
        assert!(set.lookup_hex(hash).is_some(), "{hash} not loaded");
    }

    let plain = dir.join("10-plain.sha256").display().to_string();
    let loki = dir.join("20-loki-hash-iocs.txt").display().to_string();
    let bazaar = dir.join("30-malwarebazaar.csv").display().to_string();
    let threatfox = dir.join("40-threatfox.csv").display().to_string();
    let expect = |n: usize, source: &str, comment: Option<&str>| {
        let hit = set.lookup_hex(SHA256[n - 1]).expect("loaded");
        assert_eq!(
            (hit.source, hit.comment),
            (source, comment),
            "shrike-test-{n}"
        );
    };
    // shrike-test-1 is in the plain list and the LOKI file: the first feed wins.
    expect(1, &plain, None);
    expect(3, &plain, Some("tools/xmrig"));
    expect(4, &plain, Some("payload.bin"));
    // shrike-test-5 is in the LOKI file and the MalwareBazaar export.
    expect(5, &loki, Some("XMRig miner; dropped by cron"));
    expect(9, &loki, None);
    expect(6, &bazaar, Some("AgentTesla (invoice, march.exe)"));
    expect(7, &bazaar, Some("say \"hi\".sh"));
    expect(8, &threatfox, Some("Cobalt Strike"));
    expect(10, &threatfox, Some("Sliver"));
}

#[test]
fn sample_feed_files_one_by_one() {
    let mut set = IntelSet::new();
    let stats = set
        .load_path(&testdata("feeds/40-threatfox.csv"))
        .expect("loads");
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0].format, FeedFormat::AbuseChCsv);
    assert_eq!(set.len(), 2);
}

#[test]
fn invalid_plain_feed_names_file_and_line() {
    let path = testdata("invalid/bad-hash.txt");
    let err = IntelSet::new().load_path(&path).expect_err("corrupt feed");
    assert_eq!(err.line, 4);
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:4: ", path.display())),
        "{shown}"
    );
}

#[test]
fn invalid_csv_feed_names_file_line_and_field() {
    let path = testdata("invalid/short-row.csv");
    let mut set = IntelSet::new();
    let err = set.load_path(&path).expect_err("short row");
    assert_eq!(err.line, 3);
    assert_eq!(err.field.as_deref(), Some("file_name"));
    assert!(err.to_string().ends_with("(field `file_name`)"));
    assert!(set.is_empty());
}

#[test]
fn invalid_directory_fails_as_a_whole() {
    let mut set = IntelSet::new();
    let err = set.load_path(&testdata("invalid")).expect_err("bad feeds");
    // `bad-hash.txt` sorts first.
    assert!(err.source.ends_with("bad-hash.txt"), "{err}");
    assert!(set.is_empty());
}
