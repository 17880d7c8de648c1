#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is the failure report"
)]

use super::*;
use crate::SinkSpec;
use serde_json::Value;
use shrike_core::catalogue::{Severity, ALL_FINDING_TYPES};
use shrike_core::finding::{FindingEnvelope, Mute, State};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads a small text file with a bound.
pub(crate) fn read_text(path: &Path) -> String {
    let mut text = String::new();
    std::fs::File::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .take(4 << 20)
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn detect_testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../detect/testdata")
}

/// The findings of one golden case (`reverse-shell/001.out`), as the engine wrote them.
pub(crate) fn golden(case: &str) -> Vec<FindingEnvelope> {
    let path = detect_testdata().join(case);
    read_text(&path)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Every finding of every golden case, with where it came from.
fn all_golden() -> Vec<(String, FindingEnvelope)> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(detect_testdata())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "out"))
            .collect();
        files.sort();
        for f in files {
            let case = format!(
                "{}/{}",
                dir.file_name().unwrap().to_str().unwrap(),
                f.file_name().unwrap().to_str().unwrap()
            );
            for (i, env) in golden(&case).into_iter().enumerate() {
                out.push((format!("{case}#{}", i + 1), env));
            }
        }
    }
    out
}

fn is_attack_id(s: &str, prefix: &str) -> bool {
    let Some(rest) = s.strip_prefix(prefix) else {
        return false;
    };
    let (main, sub) = rest.split_once('.').unwrap_or((rest, "000"));
    main.len() == 4 && sub.len() == 3 && main.bytes().chain(sub.bytes()).all(|b| b.is_ascii_digit())
}

/// Checks one record against the OCSF Detection Finding requirements and against the finding
/// it came from.
fn check_record(at: &str, env: &FindingEnvelope, r: &Value) {
    let f = &env.finding;
    let ctx = |what: &str| format!("{at}: {what}");
    // Required base attributes and their enums.
    assert_eq!(r["class_uid"], 2004, "{}", ctx("class_uid"));
    assert_eq!(r["class_name"], "Detection Finding");
    assert_eq!(r["category_uid"], 2, "{}", ctx("category_uid"));
    assert_eq!(r["category_name"], "Findings");
    assert_eq!(r["activity_id"], 1, "{}", ctx("activity_id"));
    assert_eq!(r["activity_name"], "Create");
    assert_eq!(r["type_uid"], 200_401, "{}", ctx("type_uid"));
    assert_eq!(r["type_name"], "Detection Finding: Create");
    let (sev, sev_name) = match f.severity {
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    };
    assert_eq!(r["severity_id"], sev, "{}", ctx("severity_id"));
    assert_eq!(r["severity"], sev_name);
    assert_eq!(r["status_id"], 1, "{}", ctx("status_id (ACTIVE → New)"));
    assert_eq!(r["status"], "New");
    let time = r["time"].as_i64().unwrap();
    assert_eq!(
        Some(time),
        rfc3339_to_unix_ms(&f.event_time),
        "{}",
        ctx("time")
    );
    assert!(time > 1_700_000_000_000, "{}", ctx("time is milliseconds"));
    assert!(!r["message"].as_str().unwrap().is_empty());

    let m = &r["metadata"];
    assert_eq!(m["version"], OCSF_VERSION);
    assert_eq!(m["product"]["name"], "Shrike");
    assert_eq!(m["product"]["vendor_name"], "Shrike");
    assert_eq!(m["product"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(f.name.ends_with(m["uid"].as_str().unwrap()));

    let info = &r["finding_info"];
    assert_eq!(info["uid"], f.name.as_str(), "{}", ctx("finding_info.uid"));
    assert_eq!(info["title"], f.category.as_str());
    assert_eq!(info["desc"], f.description.as_str());
    assert_eq!(info["types"][0], f.category.as_str());
    assert_eq!(
        info["created_time"].as_i64(),
        rfc3339_to_unix_ms(&f.create_time)
    );
    assert_eq!(info["first_seen_time"].as_i64(), Some(time));
    assert_eq!(info["analytic"]["name"], f.module_name.as_str());
    let analytic_type = info["analytic"]["type_id"].as_u64().unwrap();
    assert!(
        analytic_type == 1 || (analytic_type == 4 && f.module_name == "MALICIOUS_PYTHON_EXECUTED"),
        "{}",
        ctx("analytic.type_id")
    );
    let attacks = info["attacks"].as_array().unwrap();
    assert_eq!(
        attacks.len(),
        f.mitre_attack.primary_techniques.len() + f.mitre_attack.additional_techniques.len()
    );
    for (a, t) in attacks.iter().zip(&f.mitre_attack.primary_techniques) {
        assert!(is_attack_id(a["tactic"]["uid"].as_str().unwrap(), "TA"));
        assert!(!a["tactic"]["name"].as_str().unwrap().is_empty());
        let id = t.attack_id();
        let technique = a["technique"]["uid"].as_str().unwrap();
        assert!(is_attack_id(technique, "T"), "{}", ctx(technique));
        assert!(!a["technique"]["name"].as_str().unwrap().is_empty());
        match a.get("sub_technique") {
            Some(sub) => {
                assert_eq!(sub["uid"], id);
                assert!(id.starts_with(&format!("{technique}.")));
            }
            None => assert_eq!(technique, id),
        }
        assert_eq!(a["version"], f.mitre_attack.version.as_str());
    }
    if let Some(uri) = &f.external_uri {
        assert_eq!(info["src_url"], uri.as_str());
    }

    let res = &r["resources"][0];
    assert_eq!(res["uid"], env.resource.name.as_str());
    assert_eq!(res["name"], env.resource.display_name.as_str());
    assert_eq!(res["type"], env.resource.resource_type.as_str());

    // The evidence: the process chain, nested nearest ancestor first.
    let e = &r["evidences"][0];
    let mut p = &e["process"];
    for (depth, sp) in f.processes.iter().enumerate() {
        assert_eq!(
            p["pid"],
            sp.pid,
            "{}",
            ctx(&format!("process depth {depth}"))
        );
        assert_eq!(p["name"], sp.name.as_str());
        if sp.args.is_empty() {
            // argc 0 (the pkexec exploit): no command line at all, not an empty one.
            assert!(p.get("cmd_line").is_none(), "{}", ctx("empty argv"));
        } else {
            assert_eq!(p["cmd_line"], sp.args.join(" ").as_str());
        }
        if let Some(b) = &sp.binary {
            assert_eq!(p["file"]["path"], b.path.as_str());
            assert_eq!(p["file"]["type_id"], 1);
            match &b.sha256 {
                Some(sha) => {
                    let h = &p["file"]["hashes"][0];
                    assert_eq!(h["algorithm_id"], 3);
                    assert_eq!(h["algorithm"], "SHA-256");
                    assert_eq!(h["value"], sha.as_str());
                    assert_eq!(sha.len(), 64);
                }
                None => assert!(p["file"].get("hashes").is_none()),
            }
        }
        p = &p["parent_process"];
    }
    if let Some(first) = f.processes.first() {
        assert_eq!(e["data"]["args"], serde_json::json!(first.args));
        if let Some(contents) = first.script.as_ref().and_then(|s| s.contents.as_deref()) {
            assert_eq!(e["data"]["script"]["contents"], contents);
        }
    }
    match f.containers.first() {
        Some(c) => {
            assert_eq!(e["container"]["name"], c.name.as_str());
            assert!(env
                .resource
                .name
                .ends_with(e["container"]["uid"].as_str().unwrap()));
            if let Some(image) = &c.image_id {
                assert_eq!(e["container"]["image"]["uid"], image.as_str());
            }
        }
        None => assert!(e.get("container").is_none()),
    }

    // Observables: known types, each value present where its name points.
    for o in r["observables"].as_array().unwrap() {
        let type_id = o["type_id"].as_u64().unwrap();
        assert!(
            [1, 2, 6, 7, 8, 9, 10].contains(&type_id),
            "{}",
            ctx("observable type")
        );
        assert!(!o["value"].as_str().unwrap().is_empty());
        assert!(!o["name"].as_str().unwrap().is_empty());
    }

    // SCC-only fields survive in `unmapped`.
    let u = &r["unmapped"];
    assert_eq!(
        u["sourceProperties"],
        serde_json::json!(f.source_properties)
    );
    assert_eq!(u["eventTime"], f.event_time.as_str());
    assert_eq!(u["resourceName"], f.resource_name.as_str());
    if let Some(i) = &f.indicator {
        assert_eq!(u["indicator"], serde_json::json!(i));
    }
}

#[test]
fn every_golden_finding_maps_to_a_valid_detection_finding() {
    let all = all_golden();
    assert!(all.len() > 50, "golden findings found: {}", all.len());
    let mut modules = std::collections::BTreeSet::new();
    for (at, env) in &all {
        let record = to_ocsf(env);
        check_record(at, env, &record);
        // A record is plain JSON: it survives a text round trip unchanged.
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), record);
        modules.insert(env.finding.module_name.clone());
    }
    // The golden cases cover nearly the whole catalogue; the mapping is exercised on each.
    assert!(modules.len() + 3 >= ALL_FINDING_TYPES.len(), "{modules:?}");
}

#[test]
fn reverse_shell_carries_the_connection_and_the_container() {
    let env = &golden("reverse-shell/001.out")[0];
    let r = to_ocsf(env);
    assert_eq!(r["time"], 1_795_456_575_007_i64, "2026-11-23T17:56:15.007Z");
    let e = &r["evidences"][0];
    assert_eq!(e["dst_endpoint"]["ip"], "203.0.113.7");
    assert_eq!(e["dst_endpoint"]["port"], 4444);
    assert_eq!(e["src_endpoint"]["ip"], "172.17.0.4");
    assert_eq!(e["src_endpoint"]["port"], 49822);
    assert_eq!(e["connection_info"]["protocol_name"], "tcp");
    assert_eq!(e["container"]["name"], "shop-web");
    assert_eq!(
        e["container"]["uid"],
        "9d2f0c3b7a1e4d5f8a6b2c0e1f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1f2"
    );
    assert_eq!(
        e["container"]["image"]["name"],
        "registry.example.com/shop/web:2.4.1"
    );
    assert_eq!(
        r["resources"][0]["labels"],
        serde_json::json!(["app=shop", "tier=frontend"])
    );
    assert_eq!(r["device"]["hostname"], "golden-host");
    assert_eq!(r["metadata"]["profiles"], serde_json::json!(["host"]));
    // Four processes: bash -i, its bash -c parent, sh, node; node's parent is pid 990.
    let chain = &e["process"];
    assert_eq!(chain["cmd_line"], "bash -i");
    assert_eq!(
        chain["parent_process"]["parent_process"]["parent_process"]["name"],
        "node"
    );
    assert_eq!(
        chain["parent_process"]["parent_process"]["parent_process"]["parent_process"],
        serde_json::json!({"pid": 990})
    );
    // UNIX_SHELL is a sub-technique of T1059.
    let a = &r["finding_info"]["attacks"][0];
    assert_eq!(
        a["tactic"],
        serde_json::json!({"uid": "TA0002", "name": "Execution"})
    );
    assert_eq!(
        a["technique"],
        serde_json::json!({"uid": "T1059", "name": "Command and Scripting Interpreter"})
    );
    assert_eq!(
        a["sub_technique"],
        serde_json::json!({"uid": "T1059.004", "name": "Unix Shell"})
    );
    assert_eq!(r["finding_info"]["attacks"][1]["technique"]["uid"], "T1059");
    assert!(r["finding_info"]["attacks"][1]
        .get("sub_technique")
        .is_none());
    let ips: Vec<&Value> = r["observables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type_id"] == 2)
        .map(|o| &o["value"])
        .collect();
    assert!(ips.contains(&&Value::from("203.0.113.7")));
    assert_eq!(
        r["message"],
        "/bin/bash started with stdin connected to TCP 203.0.113.7:4444"
    );
}

#[test]
fn malicious_python_is_a_model_verdict_with_its_script() {
    let env = &golden("malicious-python/001.out")[0];
    let r = to_ocsf(env);
    let analytic = &r["finding_info"]["analytic"];
    assert_eq!(analytic["type_id"], 4);
    assert_eq!(analytic["type"], "Learning (ML/DL)");
    assert!(r["finding_info"]["src_url"]
        .as_str()
        .unwrap()
        .starts_with("https://www.virustotal.com/gui/file/"));
    let script = &r["evidences"][0]["data"]["script"];
    assert!(script["contents"].as_str().unwrap().contains("pty.spawn"));
    assert_eq!(script["sha256"].as_str().unwrap().len(), 64);
    // `python3 -c CODE` has no script file: no evidence file object for it.
    assert!(r["evidences"][0].get("file").is_none());
    assert_eq!(
        r["unmapped"]["sourceProperties"]["Python_Model"],
        "shrike-pyml-2"
    );
}

#[test]
fn host_findings_have_no_container_and_indicators_become_observables() {
    let host = &golden("remote-command/003.out")[0];
    assert_eq!(host.resource.resource_type, "shrike.Host");
    let r = to_ocsf(host);
    assert!(r["evidences"][0].get("container").is_none());
    assert_eq!(r["resources"][0]["type"], "shrike.Host");

    let stratum = golden("stratum/001.out");
    let pool = stratum
        .iter()
        .find(|e| {
            e.finding
                .indicator
                .as_ref()
                .is_some_and(|i| !i.domains.is_empty())
        })
        .unwrap();
    let r = to_ocsf(pool);
    let obs = r["observables"].as_array().unwrap();
    assert!(obs.iter().any(|o| o["type_id"] == 1
        && o["value"] == "pool.example.net"
        && o["name"] == "unmapped.indicator.domains"));
    assert!(obs
        .iter()
        .any(|o| o["type_id"] == 6 && o["value"] == "stratum+tcp://pool.example.net:3333"));
    assert_eq!(r["evidences"][0]["container"]["orchestrator"], "Kubernetes");
    assert_eq!(r["finding_info"]["attacks"][0]["tactic"]["uid"], "TA0040");
}

#[test]
fn state_mute_and_severity_map_to_ocsf_enums() {
    let base = golden("reverse-shell/001.out").remove(0);

    let mut closed = base.clone();
    closed.finding.state = State::Inactive;
    let r = to_ocsf(&closed);
    assert_eq!(
        (&r["status_id"], &r["status"]),
        (&Value::from(4), &Value::from("Resolved"))
    );
    assert_eq!(r["activity_id"], 3);
    assert_eq!(r["type_uid"], 200_403);

    let mut muted = base.clone();
    muted.finding.mute = Mute::Muted;
    let r = to_ocsf(&muted);
    assert_eq!(r["status_id"], 3);
    assert_eq!(r["status"], "Suppressed");
    assert_eq!(r["unmapped"]["mute"], "MUTED");

    for (sev, id) in [
        (Severity::Low, 2),
        (Severity::Medium, 3),
        (Severity::High, 4),
        (Severity::Critical, 5),
    ] {
        let mut e = base.clone();
        e.finding.severity = sev;
        assert_eq!(to_ocsf(&e)["severity_id"], id, "{sev:?}");
        assert_eq!(severity_id(sev).0, id);
    }
}

#[test]
fn rfc3339_parsing_inverts_the_core_formatter() {
    for ns in [
        0u64,
        951_782_400_000_000_000, // 2000-02-29
        1_795_456_575_123_456_789,
        4_102_444_799_999_000_000, // 2099-12-31T23:59:59.999
        1_234_567_890_001_999_999,
    ] {
        let text = shrike_core::time::rfc3339_nanos(ns);
        assert_eq!(
            rfc3339_to_unix_ms(&text),
            Some((ns / 1_000_000) as i64),
            "{text}"
        );
    }
    assert_eq!(
        rfc3339_to_unix_ms("2026-11-23T18:56:15+01:00"),
        Some(1_795_456_575_000)
    );
    assert_eq!(
        rfc3339_to_unix_ms("2026-11-23T17:56:15.5-00:30"),
        Some(1_795_458_375_500)
    );
    for bad in [
        "",
        "2026-11-23",
        "2026-11-23T17:56:15",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-11-23T24:00:00Z",
        "2026-11-23T17:56:15.Z",
        "2026-11-23T17:56:15Zjunk",
        "2026-11-23T17:56:15+0100",
        "２026-11-23T17:56:15Z",
    ] {
        assert_eq!(rfc3339_to_unix_ms(bad), None, "{bad:?}");
    }
}

#[test]
fn an_unparsable_time_is_zero_with_the_text_kept() {
    let mut env = golden("reverse-shell/002.out").remove(0);
    env.finding.event_time = "yesterday".into();
    let r = to_ocsf(&env);
    assert_eq!(r["time"], 0);
    assert_eq!(r["unmapped"]["eventTime"], "yesterday");
}

#[test]
fn sink_appends_one_record_per_line_and_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("findings.ocsf.jsonl");
    let spec = SinkSpec::parse(&format!("ocsf:{}", path.display())).unwrap();
    assert_eq!(spec.to_string(), format!("ocsf:{}", path.display()));
    let findings = golden("reverse-shell/001.out");
    for env in &findings {
        let mut sink = OcsfSink::open(&OcsfSinkConfig::File(path.clone())).unwrap();
        assert_eq!(shrike_core::Sink::name(&sink), spec.to_string());
        shrike_core::Sink::deliver(&mut sink, env).unwrap();
        shrike_core::Sink::flush(&mut sink).unwrap();
    }
    let text = read_text(&path);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        findings.len(),
        "reopening appends, never truncates"
    );
    for (line, env) in lines.iter().zip(&findings) {
        let back: Value = serde_json::from_str(line).unwrap();
        assert_eq!(back, to_ocsf(env));
    }
}

#[test]
fn spec_parsing_and_errors() {
    assert_eq!(
        SinkSpec::parse("ocsf:-").unwrap(),
        SinkSpec::Ocsf(OcsfSinkConfig::Stdout)
    );
    assert_eq!(SinkSpec::parse("ocsf:-").unwrap().to_string(), "ocsf:-");
    let err = SinkSpec::parse("ocsf:").unwrap_err().to_string();
    assert!(err.contains("missing path"), "{err}");
    let unknown = SinkSpec::parse("splunk://x").unwrap_err().to_string();
    assert!(unknown.contains("ocsf:PATH") && unknown.contains("syslog:udp://HOST:PORT"));
    let cfg = OcsfSinkConfig::parse("/nonexistent-dir/x.jsonl").unwrap();
    let err = OcsfSink::open(&cfg).err().unwrap();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
}

/// The example record in docs/siem.md is `to_ocsf` of a golden finding: this fails when the
/// mapping changes and the page does not. `SHRIKE_BLESS=1` rewrites the example.
#[test]
fn docs_example_matches_the_mapping() {
    const START: &str = "<!-- ocsf-example: reverse-shell/002.out -->\n```json\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/siem.md");
    let page = read_text(&path);
    let begin = page
        .find(START)
        .unwrap_or_else(|| panic!("{}: no {START:?} block", path.display()))
        + START.len();
    let end = begin + page[begin..].find("\n```").unwrap();
    let mut expected = to_ocsf(&golden("reverse-shell/002.out")[0]);
    if std::env::var_os("SHRIKE_BLESS").is_some() {
        let pretty = serde_json::to_string_pretty(&expected).unwrap();
        let updated = format!("{}{pretty}{}", &page[..begin], &page[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    let mut documented: Value = serde_json::from_str(&page[begin..end])
        .unwrap_or_else(|e| panic!("{}: example block: {e}", path.display()));
    // The page shows the version it was written at; the mapping is what must not drift.
    documented["metadata"]["product"]["version"] = Value::Null;
    expected["metadata"]["product"]["version"] = Value::Null;
    assert_eq!(
        documented,
        expected,
        "{} is out of date: rerun with SHRIKE_BLESS=1",
        path.display()
    );
}
