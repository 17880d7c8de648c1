//! Malformed and hostile event lines (docs/reliability.md, "Hostile input"): each is a clear
//! error naming the line (and the field, where one is to blame) or an event, never a panic, a
//! stack overflow or a hang. The codec's own unit tests cover the common mistakes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report"
)]

use shrike_core::codec::{decode_line, EventReader, MAX_LINE_BYTES};
use shrike_core::Event;
use std::time::{Duration, Instant};

const FORK: &str = r#"{"v":1,"kind":"fork","time_ns":5,"pid":2,"ppid":1"#;

fn exec_with(argv_json: &str) -> String {
    format!(
        r#"{{"v":1,"kind":"exec","time_ns":1,"pid":7,"ppid":1,"start_time_ns":1,"uid":0,"gid":0,"comm":"x","exe":{{"path":"/bin/x"}},"argv":{argv_json},"argv_truncated":true,"env_truncated":false,"stdio":[{{"kind":"pipe"}},{{"kind":"pipe"}},{{"kind":"pipe"}}]}}"#
    )
}

#[test]
fn deep_nesting_is_skipped_or_refused_never_a_stack_overflow() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let n = (MAX_LINE_BYTES - 400) / 2;
    // An unknown field is skipped without recursing, however deep (a newer writer's field).
    let fork = format!(r#"{FORK},"future":{}}}"#, deep(n));
    assert!(matches!(decode_line(&fork, 1), Ok(Event::Fork(_))));
    let reordered = format!(
        r#"{{"future":{},"kind":"fork","v":1,"time_ns":5,"pid":2,"ppid":1}}"#,
        deep(n)
    );
    assert!(matches!(decode_line(&reordered, 1), Ok(Event::Fork(_))));
    // Where a value is built, nesting is refused at its first level, naming the line and field.
    for line in [exec_with(&deep(n)), exec_with(&deep(200))] {
        let err = decode_line(&line, 9).unwrap_err();
        assert_eq!(err.line, 9);
        assert_eq!(err.field.as_deref(), Some("argv[0]"), "{err}");
        assert!(err.message.contains("invalid type: sequence"), "{err}");
    }
}

#[test]
fn the_longest_line_with_the_most_arguments_decodes_quickly() {
    // Every byte of the 4 MiB line spent on one-character arguments: about 1 M of them.
    let count = (MAX_LINE_BYTES - 400) / 4;
    let argv = format!("[{}\"a\"]", "\"a\",".repeat(count - 1));
    let line = exec_with(&argv);
    assert!(line.len() <= MAX_LINE_BYTES);
    let started = Instant::now();
    let Event::Exec(e) = decode_line(&line, 1).unwrap() else {
        panic!("not an exec")
    };
    assert_eq!(e.argv.len(), count);
    assert!(e.argv_truncated);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // One byte more than the limit is refused before it is parsed.
    let over = format!("{line}{}", " ".repeat(MAX_LINE_BYTES + 1 - line.len()));
    assert!(decode_line(&over, 3)
        .unwrap_err()
        .message
        .contains("byte limit"));
}

#[test]
fn odd_values_are_errors_naming_the_field() {
    let cases: &[(String, Option<&str>, &str)] = &[
        // Out of range for the field's type.
        (
            format!(r#"{FORK},"future":1}}"#)
                .replace(r#""pid":2"#, r#""pid":18446744073709551616"#),
            Some("pid"),
            "",
        ),
        (
            format!(r#"{FORK}}}"#).replace(r#""pid":2"#, r#""pid":1e400"#),
            None,
            "number out of range",
        ),
        (
            format!(r#"{FORK}}}"#).replace(r#""pid":2"#, r#""pid":2.5"#),
            Some("pid"),
            "",
        ),
        // A field given twice.
        (
            format!(r#"{FORK},"pid":3}}"#),
            None,
            "duplicate field `pid`",
        ),
        // A lone UTF-16 surrogate cannot be a Rust string.
        (exec_with(r#"["\ud800"]"#), Some("argv[0]"), "escape"),
        // Wrong types.
        (exec_with(r#""a string""#), Some("argv"), "invalid type"),
        (exec_with(r#"[1]"#), Some("argv[0]"), "invalid type"),
        (exec_with("null"), Some("argv"), "invalid type"),
    ];
    for (line, field, message) in cases {
        let err = decode_line(line, 4).unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        if let Some(field) = field {
            assert_eq!(err.field.as_deref(), Some(*field), "{err}");
        }
        assert!(err.message.contains(message), "{err}");
    }
    // NUL and control characters are text like any other.
    let Event::Exec(e) = decode_line(&exec_with(r#"["\u0000","\u001b[31m"]"#), 1).unwrap() else {
        panic!("not an exec")
    };
    assert_eq!(e.argv, vec!["\0", "\u{1b}[31m"]);
}

#[test]
fn a_stream_of_garbage_yields_one_error_per_line_and_ends() {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"\xff\xfe\x00\x01 binary\n");
    bytes.extend_from_slice(b"{\"v\":1\n");
    bytes.extend_from_slice(&[b'x'; 3 * MAX_LINE_BYTES]);
    bytes.push(b'\n');
    bytes.extend_from_slice(format!("{FORK}}}\n").as_bytes());
    bytes.extend_from_slice(b"\0\0\0");
    let mut reader = EventReader::new(bytes.as_slice());
    let mut results = Vec::new();
    let started = Instant::now();
    while let Some(r) = reader.next_event() {
        results.push(r);
        assert!(results.len() < 10, "the reader does not end");
    }
    assert!(started.elapsed() < Duration::from_secs(20));
    let lines: Vec<usize> = results
        .iter()
        .map(|r| match r {
            Ok(_) => 0,
            Err(e) => e.line,
        })
        .collect();
    assert_eq!(lines, vec![1, 2, 3, 0, 5], "{results:?}");
}
