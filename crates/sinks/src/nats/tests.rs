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
