//! The engine on the largest events a recording may hold (docs/reliability.md, "Hostile
//! input"): every detector, the malicious-Python model included, goes through them in bounded
//! time, and what a finding carries of them is bounded and marked. `fuzz/fuzz_targets/
//! detectors.rs` covers arbitrary command lines.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report"
)]

use serde_json::{json, Value};
use shrike_core::codec::{decode_line, MAX_LINE_BYTES};
use shrike_core::finding::FindingEnvelope as Finding;
use shrike_detect::detectors::malicious_python::FINDING_SCRIPT_BYTES;
use shrike_detect::engine::FINDING_ARGV_BYTES;
use shrike_detect::{Engine, EngineConfig};
use shrike_intel::IntelSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// An exec in a container, as a recording holds it.
fn exec(
    pid: u32,
    exe: &str,
    argv: Vec<String>,
    argv_truncated: bool,
    script: Option<Value>,
) -> String {
    let mut e = json!({
        "v": 1, "kind": "exec", "time_ns": 1_795_456_575_000_000_000u64 + u64::from(pid),
        "pid": pid, "ppid": 1, "start_time_ns": 5_000_000_000u64 + u64::from(pid),
        "uid": 0, "gid": 0, "comm": "x",
        "exe": {"path": exe, "dev": 2049, "ino": pid, "size": 1, "mtime_ns": 1, "layer": "upper"},
        "argv": argv, "argv_truncated": argv_truncated, "cwd": "/", "env": {}, "env_truncated": false,
        "stdio": [{"kind": "pipe"}, {"kind": "pipe"}, {"kind": "pipe"}],
        "cgroup": {"id": 7, "path": "/kubepods.slice/cri-containerd-aa.scope"},
        "container": {"id": "aa", "runtime": "containerd", "name": "hostile", "image": "hostile:1"}
    });
    if let Some(script) = script {
        e["script"] = script;
    }
    let line = e.to_string();
    assert!(line.len() <= MAX_LINE_BYTES, "{} bytes", line.len());
    line
}

fn run(lines: &[String]) -> (Vec<Finding>, Duration) {
    let model: Arc<dyn shrike_core::ScriptClassifier> =
        Arc::new(shrike_pyml::Classifier::embedded(None).unwrap());
    let mut engine = Engine::new(
        EngineConfig::default(),
        Arc::new(IntelSet::new()),
        Some(model),
    );
    let mut findings = Vec::new();
    let started = Instant::now();
    for line in lines {
        engine.process(decode_line(line, 1).unwrap(), &mut findings);
    }
    (findings, started.elapsed())
}

/// Malicious-looking Python of about `bytes` bytes: a decode-and-exec of a long base64 blob.
fn payload(bytes: usize) -> String {
    let blob = "aW1wb3J0IG9zO29zLnN5c3RlbSgnaWQnKQ".repeat(bytes / 34);
    format!("import base64,os;exec(base64.b64decode('{blob}'))")
}

#[test]
fn the_largest_events_go_through_every_detector_in_bounded_time() {
    let quarter = MAX_LINE_BYTES / 4;
    let lines = vec![
        // A million one-character arguments.
        exec(
            100,
            "/usr/bin/bash",
            vec!["a".to_owned(); (MAX_LINE_BYTES - 1000) / 4],
            true,
            None,
        ),
        // One argument of 3 MiB, for the command-line decoders (base64, URLs, shells).
        exec(
            101,
            "/usr/bin/sh",
            vec![
                "sh".into(),
                "-c".into(),
                format!("echo {} | base64 -d | sh", "QUFB".repeat(3 * quarter / 4)),
            ],
            false,
            None,
        ),
        // `python3 -c` with 3 MiB of code, cut by the sensor (argv_truncated).
        exec(
            102,
            "/usr/bin/python3",
            vec!["python3".into(), "-c".into(), payload(3 * quarter)],
            true,
            None,
        ),
        // A captured script as large as a line holds.
        exec(
            103,
            "/usr/bin/python3",
            vec!["python3".into(), "/app/x.py".into()],
            false,
            Some(
                json!({"path": "/app/x.py", "contents": payload(3 * quarter), "size": 10u64 << 20,
                        "sha256": "ab".repeat(32), "truncated": true}),
            ),
        ),
    ];
    let (findings, took) = run(&lines);
    assert!(took < Duration::from_secs(60), "{took:?}");
    // The Python payloads are found, and what a finding carries of them is bounded and marked.
    let python: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.finding.module_name == "MALICIOUS_PYTHON_EXECUTED")
        .collect();
    assert_eq!(python.len(), 2, "{findings:#?}");
    for f in &python {
        let p = &f.finding.processes[0];
        let script = p.script.as_ref().unwrap();
        let contents = script.contents.as_deref().unwrap();
        assert!(contents.len() <= FINDING_SCRIPT_BYTES);
        assert!(script.size > contents.len() as u64, "size tells the whole");
    }
    let dash_c = python
        .iter()
        .find(|f| {
            f.finding.processes[0]
                .args
                .get(1)
                .is_some_and(|a| a == "-c")
        })
        .unwrap();
    assert!(dash_c.finding.processes[0].arguments_truncated);
    assert!(
        dash_c.finding.processes[0]
            .script
            .as_ref()
            .unwrap()
            .partially_hashed
    );
    // A finding is bounded whatever the events hold: each process's arguments to
    // FINDING_ARGV_BYTES (cut and marked), its script to FINDING_SCRIPT_BYTES. A million
    // arguments used to be copied whole into the finding.
    let million = findings
        .iter()
        .find(|f| f.finding.processes[0].pid == 100)
        .expect("the million-argument bash is reported (an added binary)");
    assert!(million.finding.processes[0].arguments_truncated);
    for f in &findings {
        for p in &f.finding.processes {
            let argv: usize = p.args.iter().map(|a| a.len() + 1).sum();
            assert!(
                argv <= FINDING_ARGV_BYTES,
                "{} {argv} bytes",
                f.finding.category
            );
            if argv + 4 < FINDING_ARGV_BYTES / 2 {
                continue;
            }
            assert!(
                p.arguments_truncated,
                "{} cut but not marked",
                f.finding.category
            );
        }
        let line = serde_json::to_string(f).unwrap();
        assert!(
            line.len() <= 512 * 1024,
            "{} {} bytes",
            f.finding.category,
            line.len()
        );
    }
}
