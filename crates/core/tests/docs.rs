//! The examples in docs/events.md are real: each decodes and re-encodes to itself.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use shrike_core::codec::{decode_line, encode};

#[test]
fn every_example_line_in_events_md_decodes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/events.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let examples: Vec<&str> = doc
        .lines()
        .filter(|l| l.starts_with(r#"{"v":1,"kind":"#))
        .collect();
    let kinds: std::collections::BTreeSet<&str> = examples
        .iter()
        .filter_map(|l| l.split('"').nth(5))
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        vec!["exec", "exit", "fork", "library"]
    );
    for line in examples {
        let event = decode_line(line, 1).unwrap_or_else(|e| panic!("docs/events.md: {e}\n{line}"));
        assert_eq!(encode(&event), line);
    }
}
