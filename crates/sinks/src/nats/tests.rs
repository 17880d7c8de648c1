#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

#[test]
fn parses_server_subject_and_spool_bound() {
    let c = NatsSinkConfig::parse("nats://127.0.0.1:4222/shrike.findings?spool_max_mb=64").unwrap();
    assert_eq!(c.server, "nats://127.0.0.1:4222");
    assert_eq!(c.subject, "shrike.findings");
    assert_eq!(c.spool_max_bytes, Some(64 << 20));
    assert_eq!(c.to_string(), "nats://127.0.0.1:4222/shrike.findings");
}

#[test]
fn credentials_are_kept_for_connecting_and_hidden_in_names() {
    let c = NatsSinkConfig::parse("nats://svc:s3cret@nats.example:4222/f").unwrap();
    assert_eq!(c.server, "nats://svc:s3cret@nats.example:4222");
    assert_eq!(c.to_string(), "nats://nats.example:4222/f");
    assert!(!format!("{c}").contains("s3cret"));
}

#[test]
fn malformed_specs_say_what_is_wrong() {
    let cases = [
        ("nats://127.0.0.1:4222", "missing /SUBJECT"),
        ("nats://127.0.0.1/x", "expected HOST:PORT"),
        ("nats://127.0.0.1:99999/x", "port \"99999\""),
        ("nats://:4222/x", "missing host"),
        ("nats://h:4222/", "missing subject"),
        ("nats://h:4222/a..b", "token 2 is empty"),
        ("nats://h:4222/a.>", "'>' is not allowed"),
        ("nats://h:4222/a.*", "'*' is not allowed"),
        ("nats://h:4222/a b", "' ' is not allowed"),
        ("nats://h:4222/a?spool_max_mb=0", "above 0"),
        ("nats://h:4222/a?spool=1", "unknown option"),
    ];
    for (spec, want) in cases {
        let err = NatsSinkConfig::parse(spec).unwrap_err();
        assert!(err.contains(want), "{spec}: {err}");
    }
}

#[test]
fn subjects_and_stream_names_are_valid_nats_tokens() {
    assert_eq!(stream_name("shrike.findings"), "SHRIKE_FINDINGS");
    assert_eq!(
        category_subject("shrike.findings", "Reverse Shell"),
        "shrike.findings.reverse_shell"
    );
    assert_eq!(
        category_subject("s", "Execution: Built in Malicious Binary Executed"),
        "s.execution_built_in_malicious_binary_executed"
    );
    assert_eq!(category_subject("s", "  "), "s.uncategorized");
    assert_eq!(category_subject("s", ""), "s.uncategorized");
    assert_eq!(category_subject("s", "a.b>*"), "s.a_b");
}

#[test]
fn a_full_spool_counts_and_reports_what_it_drops_while_the_broker_is_away() {
    use shrike_core::{metrics, Sink};
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on this port: every finding stays spooled.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config =
        NatsSinkConfig::parse(&format!("nats://127.0.0.1:{port}/full.test?spool_max_mb=1"))
            .unwrap();
    let mut sink = NatsSink::open(&config, dir.path()).unwrap();
    let mut finding = crate::jsonl::tests::envelope("x");
    finding
        .finding
        .source_properties
        .insert("Padding".into(), "p".repeat(4000).into());
    for i in 0..1000 {
        finding.finding.name = format!("projects/p/sources/s/findings/{i}");
        sink.deliver(&finding).unwrap();
    }
    sink.flush().unwrap();
    let dropped = sink.delivery().dropped_total();
    // About 4 KB each under a 1 MB bound: roughly 250 kept, the rest dropped and counted.
    assert!((700..800).contains(&dropped), "{dropped}");
    let page = metrics::global().render();
    let series = format!(
        "shrike_sink_spool_dropped_total{{sink=\"nats://127.0.0.1:{port}/full.test\"}} {dropped}"
    );
    assert!(page.contains(&series), "{series} not in {page}");
    let spooled = format!(
        "shrike_sink_spool_records{{sink=\"nats://127.0.0.1:{port}/full.test\"}} {}",
        1000 - dropped
    );
    assert!(page.contains(&spooled), "{spooled} not in {page}");
}
