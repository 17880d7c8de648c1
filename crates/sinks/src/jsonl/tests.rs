#![allow(
    clippy::disallowed_methods,
    reason = "test code reads its own small fixtures"
)]

use super::*;
use crate::SinkSpec;
use shrike_core::catalogue::{FindingType, Tactic};
use shrike_core::finding::{Finding, FindingEnvelope, MitreAttack, Resource};

pub(crate) fn envelope(id: &str) -> FindingEnvelope {
    let t = FindingType::ReverseShell;
    FindingEnvelope {
        finding: Finding {
            name: format!("projects/p/sources/s/findings/{id}"),
            parent: "projects/p/sources/s".into(),
            resource_name: "//shrike/projects/p/hosts/h".into(),
            state: Default::default(),
            category: t.category().into(),
            module_name: t.module_name().into(),
            description: t.description().into(),
            external_uri: None,
            source_properties: Default::default(),
            event_time: "2026-11-23T00:00:00.000000000Z".into(),
            create_time: "2026-11-23T00:00:00.000000000Z".into(),
            severity: t.severity(),
            finding_class: Default::default(),
            mute: Default::default(),
            indicator: None,
            mitre_attack: MitreAttack {
                primary_tactic: Tactic::Execution,
                primary_techniques: t.techniques().to_vec(),
                additional_techniques: vec![],
                version: "16".into(),
            },
            processes: vec![],
            containers: vec![],
            kubernetes: None,
        },
        resource: Resource::default(),
    }
}

#[test]
fn appends_one_line_per_finding_and_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("findings.jsonl");
    let spec = SinkSpec::parse(&format!("jsonl:{}", path.display())).unwrap();
    for id in ["a", "b"] {
        let context = crate::SinkContext {
            spool_dir: dir.path().join("spool"),
        };
        let mut sink = spec.build(&context).unwrap();
        sink.deliver(&envelope(id)).unwrap();
        sink.flush().unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "reopening appends, never truncates");
    let back: FindingEnvelope = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(back, envelope("b"));
}

#[test]
fn unwritable_path_is_an_error_naming_it() {
    let cfg = JsonlSinkConfig::parse("/nonexistent-dir/x.jsonl").unwrap();
    let err = JsonlSink::open(&cfg).err().unwrap();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn spec_parsing() {
    assert_eq!(
        SinkSpec::parse("jsonl:-").unwrap(),
        SinkSpec::Jsonl(JsonlSinkConfig::Stdout)
    );
    assert!(SinkSpec::parse("jsonl:").is_err());
    assert!(SinkSpec::parse("kafka://x")
        .unwrap_err()
        .to_string()
        .contains("unknown sink"));
    assert!(matches!(
        SinkSpec::parse("nats://127.0.0.1:4222/findings").unwrap(),
        SinkSpec::Nats(_)
    ));
}
