//! Fuzzes the SCC findings filter language: parsing arbitrary UTF-8 must never panic; an error
//! must point inside the input; a filter that parses must print back to the same tree and compile,
//! for both SQLite and PostgreSQL, to SQL whose placeholders are exactly first..first+params, in
//! order, each once. `orderBy` parsing must never panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_store::filter::{order_by, parse, to_sql, Dialect};

/// The placeholder numbers (`?N` / `$N`) in `sql`, in order of appearance.
fn placeholders(sql: &str, sigil: char) -> Vec<usize> {
    let mut out = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != sigil {
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while let Some(&(j, d)) = chars.peek() {
            if !d.is_ascii_digit() {
                break;
            }
            end = j + 1;
            chars.next();
        }
        let number = sql[start..end]
            .parse()
            .unwrap_or_else(|_| panic!("bare {sigil} in {sql}"));
        out.push(number);
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = order_by(text);
    let expr = match parse(text) {
        Ok(Some(expr)) => expr,
        Ok(None) => {
            assert!(
                text.trim().is_empty(),
                "a non-blank filter parsed to nothing: {text:?}"
            );
            return;
        }
        Err(e) => {
            assert!(
                e.column >= 1 && e.column <= text.chars().count() + 1,
                "{text:?}: {e}"
            );
            return;
        }
    };
    let printed = expr.to_string();
    assert_eq!(
        parse(&printed),
        Ok(Some(expr.clone())),
        "{text:?} printed as {printed:?}"
    );
    // Start numbering somewhere other than 1 too, as callers that bind their own parameters first do.
    let first = 1 + data.len() % 7;
    for (dialect, sigil) in [(Dialect::Sqlite, '?'), (Dialect::Postgres, '$')] {
        let f = to_sql(&expr, dialect, first);
        let expected: Vec<usize> = (first..first + f.params.len()).collect();
        assert_eq!(
            placeholders(&f.sql, sigil),
            expected,
            "{text:?} -> {}",
            f.sql
        );
    }
});
