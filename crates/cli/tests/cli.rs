//! The `shrike` binary as users run it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../detect/testdata")
        .join(rel)
}

fn shrike() -> Command {
    let mut cmd = Command::cargo_bin("shrike").unwrap();
    cmd.env_remove("SHRIKE_LOG");
    cmd
}

fn replay_golden(rel: &str, extra: &[&str]) -> String {
    let out = shrike()
        .args([
            "replay",
            "--project",
            "golden",
            "--source",
            "shrike",
            "--host",
            "golden-host",
        ])
        .args(extra)
        .arg(testdata(rel))
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn replay_writes_the_golden_findings_to_stdout() {
    for case in ["reverse-shell/001", "remote-command/001", "compiler/001"] {
        let got = replay_golden(&format!("{case}.in"), &[]);
        let expected = std::fs::read_to_string(testdata(&format!("{case}.out"))).unwrap();
        assert_eq!(got, expected, "{case}");
    }
}

#[test]
fn replay_loads_intel_feeds() {
    let out = shrike()
        .current_dir(testdata(""))
        .args(["replay", "--project", "golden", "--host", "golden-host"])
        .args([
            "--intel",
            "malicious-binary/intel.loki",
            "malicious-binary/002.in",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "skipped 1 MD5 and 0 SHA-1 entries",
        ));
    let got = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let expected = std::fs::read_to_string(testdata("malicious-binary/002.out")).unwrap();
    assert_eq!(got, expected);
    // Without the feed, no binary matches threat intel (the added and fileless executions are
    // still reported by their own detectors).
    let without = replay_golden("malicious-binary/002.in", &[]);
    assert!(!without.contains("MALICIOUS_BINARY_EXECUTED"), "{without}");
    assert!(without.contains("\"ADDED_BINARY_EXECUTED\""), "{without}");
}

#[test]
fn replay_is_deterministic() {
    let a = replay_golden("remote-command/001.in", &[]);
    let b = replay_golden("remote-command/001.in", &[]);
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn replay_reads_stdin_and_writes_a_jsonl_sink() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("findings.jsonl");
    let input = std::fs::read(testdata("reverse-shell/001.in")).unwrap();
    shrike()
        .args(["replay", "--host", "golden-host", "--project", "golden", "--sink"])
        .arg(format!("jsonl:{}", out.display()))
        .args(["--sink", "stderr", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("CRITICAL Reverse Shell | container shop-web (registry.example.com/shop/web:2.4.1) | pid 1003 /bin/bash -i"));
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        written,
        std::fs::read_to_string(testdata("reverse-shell/001.out")).unwrap()
    );
}

#[test]
fn shell_parents_replace_the_default_list() {
    let child = |f: &str, args: &[&str]| -> Vec<String> {
        replay_golden(f, args)
            .lines()
            .filter(|l| l.contains("\"UNEXPECTED_CHILD_SHELL\""))
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["finding"]["sourceProperties"]["Parent_Binary"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(
        child("child-shell/001.in", &[]),
        ["/usr/sbin/php-fpm8.2", "/opt/java/bin/java"]
    );
    assert_eq!(
        child("child-shell/001.in", &["--shell-parents", "java"]),
        ["/opt/java/bin/java"]
    );
    // node is not a default parent (its child_process.exec always runs sh); it can be added.
    assert!(child("reverse-shell/001.in", &[]).is_empty());
    assert_eq!(
        child(
            "reverse-shell/001.in",
            &["--shell-parents", "node,php-fpm*"]
        ),
        ["/usr/local/bin/node"]
    );
}

#[test]
fn disabled_detectors_and_custom_lists() {
    let got = replay_golden("remote-command/001.in", &["--disable", "reverse-shell"]);
    assert!(!got.contains("\"REVERSE_SHELL\""));
    assert!(got.contains("POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED"));
    // Only `id` is watched now: one finding.
    let got = replay_golden(
        "remote-command/001.in",
        &["--disable", "reverse-shell", "--remote-commands", "id"],
    );
    assert_eq!(got.lines().count(), 1);
    let got = replay_golden("compiler/002.in", &["--compiler-tools", "nasm,go build"]);
    assert_eq!(
        got.lines()
            .filter(|l| l.contains("LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER"))
            .count(),
        1
    );
    assert!(got.contains("\"Compiler_Tool\":\"nasm\""));
    shrike()
        .args(["replay", "--disable", "nope", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'nope'"));
}

#[test]
fn malformed_line_names_file_line_and_field_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let good = std::fs::read_to_string(testdata("reverse-shell/001.in")).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    let bad = r#"{"v":1,"kind":"exec","time_ns":1,"pid":7,"ppid":1,"uid":0,"gid":0,"comm":"x","exe":{"path":"/x"},"argv":[],"stdio":[{"kind":"socket","socket":{"family":"inet","remote_port":70000}},{"kind":"tty"},{"kind":"tty"}]}"#;
    lines.insert(3, bad);
    std::fs::write(&path, lines.join("\n")).unwrap();
    let expect = format!("{}:4: field `stdio[0].socket.remote_port`", path.display());
    let out = shrike()
        .args(["replay"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(expect));
    // Findings before the bad line were delivered (none in the first three lines here).
    assert_eq!(out.get_output().stdout.len(), 0);

    let out = shrike()
        .args([
            "replay",
            "--keep-going",
            "--host",
            "golden-host",
            "--project",
            "golden",
        ])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "skipped 1 malformed event line(s)",
        ));
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        stdout.lines().count(),
        2,
        "the rest of the stream is still analysed"
    );
}

#[test]
fn findings_before_a_bad_line_are_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let mut text = std::fs::read_to_string(testdata("reverse-shell/001.in")).unwrap();
    let bad_line = text.lines().count() + 1;
    text.push_str("{\"v\":2,\"kind\":\"exec\"}\n");
    std::fs::write(&path, text).unwrap();
    shrike()
        .args(["replay"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("REVERSE_SHELL"))
        .stderr(predicate::str::contains(format!(
            ":{bad_line}: field `v`: unsupported event version 2"
        )));
}

#[test]
fn bad_intel_feed_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.txt");
    std::fs::write(&feed, format!("{}\nnot-a-hash\n", "ab".repeat(32))).unwrap();
    shrike()
        .args(["replay", "--intel"])
        .arg(&feed)
        .arg(testdata("reverse-shell/001.in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{}:2", feed.display())));
}

/// YARA rules beside feeds in an `--intel` directory: a rule that does not compile stops the
/// command with FILE:LINE:COLUMN; good rules load and a replay says where YARA applies.
#[test]
fn yara_rule_files_load_with_the_feeds_and_bad_rules_name_their_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feed.txt"),
        format!("{}\n", "ab".repeat(32)),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("good.yar"),
        "rule good { strings: $a = \"x\" condition: $a }\n",
    )
    .unwrap();
    shrike()
        .args(["replay", "--intel"])
        .arg(dir.path())
        .arg(testdata("reverse-shell/001.in"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "a replay uses the matches recorded in the events",
        ));
    let bad = dir.path().join("bad.yara");
    std::fs::write(
        &bad,
        "rule broken {\n  strings:\n    $a = \"x\"\n  condition:\n    $a and $b\n}\n",
    )
    .unwrap();
    shrike()
        .args(["replay", "--intel"])
        .arg(dir.path())
        .arg(testdata("reverse-shell/001.in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:5:12: ",
            bad.display()
        )));
}

#[test]
fn missing_input_and_bad_sinks_are_usage_errors() {
    shrike()
        .args(["replay", "/nonexistent/events.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot open /nonexistent/events.jsonl",
        ));
    shrike()
        .args(["replay", "--sink", "kafka://x"])
        .arg(testdata("reverse-shell/001.in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown sink"));
    shrike().args(["replay"]).assert().code(2);
}

#[test]
fn every_command_has_help() {
    for cmd in [
        &["watch"][..],
        &["record"],
        &["replay"],
        &["classify"],
        &["findings"],
        &["findings", "list"],
        &["findings", "show"],
        &["findings", "set-state"],
        &["findings", "mute"],
        &["serve"],
    ] {
        shrike()
            .args(cmd)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: shrike"));
    }
}

#[test]
fn serve_refuses_a_malformed_ingest_spec_naming_what_is_wrong() {
    for (spec, why) in [
        ("nats://127.0.0.1/findings", "expected HOST:PORT"),
        ("nats://127.0.0.1:4222/", "missing subject"),
        ("nats://127.0.0.1:4222/findings?writers=0", "writers=0"),
        ("nats://127.0.0.1:4222/findings?durable=a.b", "durable=a.b"),
        ("nats://127.0.0.1:4222/findings?batch=9", "unknown option"),
    ] {
        shrike()
            .args(["serve", "--store", "sqlite::memory:", "--ingest", spec])
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("--ingest {spec}")))
            .stderr(predicate::str::contains(why));
    }
}

fn corpus(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../pyml/corpus")
        .join(rel)
}

#[test]
fn classify_scores_files_and_directories_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus("runtime-malicious/revshell__01.py"),
        dir.path().join("attack.py"),
    )
    .unwrap();
    std::fs::copy(
        corpus("benign-short/healthcheck__01.py"),
        dir.path().join("health.py"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub/broken.py"),
        b"print 'py2' \xff\xfe (((",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not python").unwrap();
    let out = shrike()
        .args(["classify", "--json"])
        .arg(dir.path())
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Directories recurse to .py files, sorted; other files are not scored.
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].ends_with("attack.py") && paths[1].ends_with("health.py"));
    assert!(paths[2].ends_with("sub/broken.py"));
    assert_eq!(lines[0]["malicious"], true);
    assert!(lines[0]["score"].as_f64().unwrap() > 0.9);
    let reasons = lines[0]["reasons"].as_array().unwrap();
    assert!(
        reasons.iter().any(|r| r.as_str().unwrap().contains("dup2")),
        "{reasons:?}"
    );
    assert_eq!(lines[1]["malicious"], false);
    assert_eq!(lines[2]["malicious"], false, "broken code still scores");

    // The table names the verdict and why.
    let out = shrike()
        .arg("classify")
        .arg(dir.path().join("attack.py"))
        .arg(dir.path().join("health.py"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("VERDICT") && text.contains("malicious") && text.contains("benign"));
    assert!(
        text.contains("2 scored, 1 malicious at threshold"),
        "{text}"
    );
}

#[test]
fn classify_reports_unreadable_inputs_and_bad_options() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("ok.py");
    std::fs::write(&good, "print('hello')\n").unwrap();
    let out = shrike()
        .args(["classify", "--json"])
        .arg(&good)
        .arg(dir.path().join("missing.py"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("could not be read"));
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("ok.py") && text.contains("\"score\""));
    assert!(text.contains("missing.py") && text.contains("\"error\""));

    shrike()
        .args(["classify", "--pyml-threshold", "1.5"])
        .arg(&good)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside 0..1"));

    let bad_model = dir.path().join("bad.model");
    std::fs::write(&bad_model, "shrike-pyml 4\nname x\nbogus 1\n").unwrap();
    shrike()
        .args(["classify", "--pyml-model"])
        .arg(&bad_model)
        .arg(&good)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.model: line 3: unknown header key `bogus`",
        ));
}

#[test]
fn serve_answers_on_loopback_and_stops_on_sigterm() {
    use std::io::BufRead;
    let (_dir, url) = store_with_findings();
    let critical = findings_cmd(
        &url,
        &["list", "--json", "--filter", r#"severity="CRITICAL""#],
    )
    .success();
    let critical = String::from_utf8(critical.get_output().stdout.clone())
        .unwrap()
        .lines()
        .count();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
        }
    }
    let mut child = Kill(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("shrike"))
            .args(["serve", "--store", &url, "--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stderr = std::io::BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    let body = http_get(
        &addr,
        "/v1/projects/golden/sources/-/findings?filter=severity%3D%22CRITICAL%22",
    );
    assert!(critical >= 3);
    assert!(
        body.contains(&format!("\"totalSize\":{critical}")),
        "{body}"
    );
    std::process::Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(child.0.wait().unwrap().success());
}

#[test]
fn serve_off_loopback_without_a_token_is_refused() {
    shrike()
        .env_remove("SHRIKE_API_TOKEN")
        .args([
            "serve",
            "--store",
            "sqlite::memory:",
            "--listen",
            "0.0.0.0:0",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("without a bearer token"));
}

/// A minimal HTTP/1.1 GET over loopback.
fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// A SQLite store filled by replaying golden cases, one of them carrying hostile strings.
fn store_with_findings() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("shrike.db").display());
    for case in [
        "reverse-shell/001.in",
        "remote-command/001.in",
        "compiler/001.in",
    ] {
        replay_golden(case, &["--sink", &url]);
    }
    // Hostile argv: markup, SQL and terminal escapes must come back verbatim in JSON and inert
    // in the table.
    let hostile = r#"{"v":1,"kind":"exec","time_ns":1795456575000000000,"pid":66,"ppid":1,"uid":0,"gid":0,"comm":"sh","exe":{"path":"/bin/sh"},"argv":["sh","-c","<script>alert(1)</script>'); DROP TABLE findings; --\u001b[2J"],"stdio":[{"kind":"socket","socket":{"family":"inet","protocol":"tcp","local_ip":"10.0.0.1","local_port":1,"remote_ip":"10.0.0.2","remote_port":2}},{"kind":"tty"},{"kind":"tty"}]}"#;
    shrike()
        .args([
            "replay",
            "--host",
            "golden-host",
            "--project",
            "golden",
            "--sink",
            &url,
            "-",
        ])
        .write_stdin(hostile)
        .assert()
        .success();
    (dir, url)
}

fn findings_cmd(url: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    shrike()
        .args(["findings", "--store", url])
        .args(args)
        .assert()
}

#[test]
fn findings_list_filters_and_shows_from_the_store() {
    let (_dir, url) = store_with_findings();
    let all = findings_cmd(&url, &["list", "--json"]).success();
    let all = String::from_utf8(all.get_output().stdout.clone()).unwrap();
    // 2 (reverse-shell/001) + 7 (remote-command/001) + 2 (compiler/001) + 1 hostile.
    assert_eq!(all.lines().count(), 12);
    let shells = findings_cmd(
        &url,
        &["list", "--json", "--filter", r#"category="Reverse Shell""#],
    )
    .success();
    let shells = String::from_utf8(shells.get_output().stdout.clone()).unwrap();
    assert_eq!(shells.lines().count(), 3);
    findings_cmd(&url, &["list"])
        .success()
        .stdout(predicate::str::contains(
            "CRITICAL  ACTIVE    Reverse Shell",
        ))
        .stderr(predicate::str::contains("12 finding(s)"));
    // The hostile finding round-trips exactly.
    let hostile: serde_json::Value = all
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|f| f["finding"]["processes"][0]["pid"] == 66)
        .unwrap();
    assert_eq!(
        hostile["finding"]["processes"][0]["args"][2],
        "<script>alert(1)</script>'); DROP TABLE findings; --\u{1b}[2J"
    );
    let name = hostile["finding"]["name"].as_str().unwrap().to_owned();
    let id = name.rsplit('/').next().unwrap().to_owned();
    let shown = findings_cmd(&url, &["show", &id]).success();
    let text = String::from_utf8(shown.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with("Reverse Shell — CRITICAL, ACTIVE"),
        "{text}"
    );
    assert!(text.contains("Program binary: /bin/sh"), "{text}");
    assert!(
        text.contains("MITRE ATT&CK T1059.004: https://attack.mitre.org/techniques/T1059/004/"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "terminal escapes are neutralised: {text}"
    );
    let json = findings_cmd(&url, &["show", "--json", &name]).success();
    let back: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(back, hostile);
}

#[test]
fn findings_triage_persists() {
    let (_dir, url) = store_with_findings();
    let all = findings_cmd(
        &url,
        &["list", "--json", "--filter", r#"category="Reverse Shell""#],
    )
    .success();
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8(all.get_output().stdout.clone())
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let name = first["finding"]["name"].as_str().unwrap();
    findings_cmd(&url, &["set-state", name, "INACTIVE"]).success();
    findings_cmd(&url, &["mute", name]).success();
    let inactive = findings_cmd(
        &url,
        &[
            "list",
            "--json",
            "--filter",
            r#"state="INACTIVE" AND mute="MUTED""#,
        ],
    )
    .success();
    let inactive = String::from_utf8(inactive.get_output().stdout.clone()).unwrap();
    assert_eq!(inactive.lines().count(), 1);
    assert!(inactive.contains(name));
    findings_cmd(&url, &["set-state", name, "ACTIVE"]).success();
    let active = findings_cmd(&url, &["list", "--json", "--filter", r#"state="ACTIVE""#]).success();
    assert_eq!(
        String::from_utf8(active.get_output().stdout.clone())
            .unwrap()
            .lines()
            .count(),
        12
    );
}

#[test]
fn findings_errors_are_clear() {
    let (_dir, url) = store_with_findings();
    findings_cmd(
        &url,
        &["list", "--filter", r#"category="Reverse Shell" AND"#],
    )
    .code(2)
    .stderr(predicate::str::contains("invalid filter: column 26"));
    findings_cmd(&url, &["show", "nope"])
        .code(2)
        .stderr(predicate::str::contains("no finding named or with id nope"));
    findings_cmd(&url, &["set-state", "x", "DONE"]).code(2);
    shrike()
        .args(["findings", "--store", "mysql://x", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown store"));
}

#[test]
fn findings_commands_never_create_a_store_where_there_was_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shrike.db");
    let url = format!("sqlite:{}", db.display());
    // A malformed filter is refused with its column before any store is opened.
    findings_cmd(&url, &["list", "--filter", "severity="])
        .code(2)
        .stderr(predicate::str::contains("invalid filter: column"));
    assert!(!db.exists(), "a bad filter created {}", db.display());
    // A store path naming nothing is a mistake to report, not an empty store to create.
    for args in [
        &["list"][..],
        &["list", "--filter", r#"state="ACTIVE""#],
        &["show", "x"],
        &["mute", "x"],
        &["set-state", "x", "INACTIVE"],
    ] {
        findings_cmd(&url, args)
            .code(2)
            .stderr(predicate::str::contains(format!(
                "no findings store at {}",
                db.display()
            )));
        assert!(!db.exists(), "findings {args:?} created {}", db.display());
    }
    // The default store is shrike.db in the current directory, with the same rule.
    shrike()
        .current_dir(dir.path())
        .args(["findings", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no findings store at shrike.db"));
    assert!(!db.exists());
}
