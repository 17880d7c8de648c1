//! The SCC filter language: parsing, error columns, SQL text, and real execution — against an
//! in-memory SQLite database always, and against PostgreSQL when `SHRIKE_TEST_POSTGRES` holds a
//! connection URL (in a uniquely named schema, dropped afterwards).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report"
)]

use proptest::prelude::*;
use serde_json::json;
use shrike_store::filter::{
    order_by, parse, to_sql, Comparison, Dialect, Expr, Field, FilterError, Op, Severity, SqlParam,
    Value, MAX_DEPTH,
};

// ---------------------------------------------------------------------------------------------
// Helpers

fn p(filter: &str) -> Expr {
    match parse(filter) {
        Ok(Some(e)) => e,
        other => panic!("{filter}: {other:?}"),
    }
}

fn err(filter: &str) -> FilterError {
    match parse(filter) {
        Err(e) => e,
        Ok(e) => panic!("{filter}: parsed as {e:?}"),
    }
}

fn clause(field: Field, op: Op, value: Value) -> Expr {
    Expr::Compare(Comparison { field, op, value })
}

fn text(field: Field, op: Op, v: &str) -> Expr {
    clause(field, op, Value::Text(v.to_owned()))
}

fn cat(v: &str) -> Expr {
    text(Field::Category, Op::Eq, v)
}

fn not(e: Expr) -> Expr {
    Expr::Not(Box::new(e))
}

/// Checks the placeholder invariant: numbered `first..first+params.len()`, each once, in order.
fn check_placeholders(sql: &str, sigil: char, first: usize, params: usize) {
    let chars: Vec<char> = sql.chars().collect();
    let mut seen = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == sigil {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            assert!(j > start, "bare {sigil} in {sql}");
            seen.push(
                chars[start..j]
                    .iter()
                    .collect::<String>()
                    .parse::<usize>()
                    .unwrap(),
            );
            i = j;
        } else {
            i += 1;
        }
    }
    let expected: Vec<usize> = (first..first + params).collect();
    assert_eq!(seen, expected, "{sql}");
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[test]
fn empty_filters_match_everything() {
    assert_eq!(parse(""), Ok(None));
    assert_eq!(parse(" \t\n "), Ok(None));
}

#[test]
fn precedence_not_then_and_then_or() {
    let (a, b, c) = (cat("a"), cat("b"), cat("c"));
    assert_eq!(
        p(r#"category="a" OR category="b" AND category="c""#),
        Expr::Or(vec![a.clone(), Expr::And(vec![b.clone(), c.clone()])])
    );
    assert_eq!(
        p(r#"category="a" AND category="b" OR category="c""#),
        Expr::Or(vec![Expr::And(vec![a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(
        p(r#"NOT category="a" AND category="b""#),
        Expr::And(vec![not(a.clone()), b.clone()])
    );
    assert_eq!(
        p(r#"category="a" OR NOT category="b" OR -category="c""#),
        Expr::Or(vec![a.clone(), not(b.clone()), not(c.clone())])
    );
    // Chains stay flat.
    assert_eq!(
        p(r#"category="a" AND category="b" AND category="c""#),
        Expr::And(vec![a.clone(), b.clone(), c.clone()])
    );
}

#[test]
fn implicit_and_binds_like_and() {
    let (a, b, c) = (cat("a"), cat("b"), cat("c"));
    assert_eq!(
        p(r#"category="a" category="b""#),
        Expr::And(vec![a.clone(), b.clone()])
    );
    assert_eq!(
        p(r#"category="a" category="b" OR category="c""#),
        Expr::Or(vec![Expr::And(vec![a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(
        p(r#"category="a" AND category="b" category="c""#),
        Expr::And(vec![a.clone(), b.clone(), c.clone()])
    );
    assert_eq!(
        p(r#"category="a" -category="b""#),
        Expr::And(vec![a.clone(), not(b.clone())])
    );
    assert_eq!(
        p(r#"category="a" NOT category="b""#),
        Expr::And(vec![a.clone(), not(b.clone())])
    );
    assert_eq!(
        p(r#"category="a"(category="b" OR category="c")"#),
        Expr::And(vec![a, Expr::Or(vec![b, c])])
    );
}

#[test]
fn negation_and_parentheses() {
    let (a, b, c) = (cat("a"), cat("b"), cat("c"));
    assert_eq!(
        p(r#"-state="INACTIVE""#),
        not(text(Field::State, Op::Eq, "INACTIVE"))
    );
    assert_eq!(
        p(r#"- state = "INACTIVE""#),
        not(text(Field::State, Op::Eq, "INACTIVE"))
    );
    assert_eq!(p(r#"NOT NOT category="a""#), not(not(a.clone())));
    assert_eq!(p(r#"--category="a""#), not(not(a.clone())));
    assert_eq!(p(r#"NOT(category="a")"#), not(a.clone()));
    assert_eq!(p(r#"((category="a"))"#), a.clone());
    assert_eq!(
        p(r#"(category="a" OR category="b") AND category="c""#),
        Expr::And(vec![Expr::Or(vec![a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(
        p(r#"-(category="a" OR category="b")"#),
        not(Expr::Or(vec![a.clone(), b.clone()]))
    );
    // Explicit grouping is kept, not flattened.
    assert_eq!(
        p(r#"(category="a" AND category="b") AND category="c""#),
        Expr::And(vec![Expr::And(vec![a, b]), c])
    );
}

#[test]
fn every_field_spelling() {
    let cases: &[(&str, Field)] = &[
        ("category", Field::Category),
        ("state", Field::State),
        ("severity", Field::Severity),
        ("mute", Field::Mute),
        ("module_name", Field::ModuleName),
        ("moduleName", Field::ModuleName),
        ("name", Field::Name),
        ("parent", Field::Parent),
        ("resource.name", Field::ResourceName),
        ("resource_name", Field::ResourceName),
        ("resourceName", Field::ResourceName),
        ("resource.type", Field::ResourceType),
        ("resource.display_name", Field::ResourceDisplayName),
        ("resource.displayName", Field::ResourceDisplayName),
        (
            "resource.project_display_name",
            Field::ResourceProjectDisplayName,
        ),
        (
            "resource.projectDisplayName",
            Field::ResourceProjectDisplayName,
        ),
        ("container.name", Field::ContainerName),
        ("containers.name", Field::ContainerName),
        ("container.image", Field::ContainerImage),
        ("container.uri", Field::ContainerImage),
        ("containers.uri", Field::ContainerImage),
        (
            "source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port",
            Field::SourceProperty("Reverse_Shell_Stdin_Redirection_Dst_Port".into()),
        ),
        (
            "sourceProperties.Compiler_Tool",
            Field::SourceProperty("Compiler_Tool".into()),
        ),
        (
            "sourceProperties.a1_B2",
            Field::SourceProperty("a1_B2".into()),
        ),
    ];
    for (spelling, field) in cases {
        assert_eq!(
            p(&format!("{spelling} = \"v\"")),
            text(field.clone(), Op::Eq, "v"),
            "{spelling}"
        );
        assert_eq!(
            p(&format!("{spelling}:v")),
            text(field.clone(), Op::Has, "v"),
            "{spelling}"
        );
    }
    for spelling in ["event_time", "eventTime"] {
        assert_eq!(
            p(&format!("{spelling} > 0")),
            clause(Field::EventTime, Op::Gt, Value::Time(0))
        );
    }
    for spelling in ["create_time", "createTime"] {
        assert_eq!(
            p(&format!("{spelling} <= 0")),
            clause(Field::CreateTime, Op::Le, Value::Time(0))
        );
    }
}

#[test]
fn operators_and_values() {
    let ops = [
        ("=", Op::Eq),
        ("!=", Op::Ne),
        (":", Op::Has),
        ("<", Op::Lt),
        ("<=", Op::Le),
        (">", Op::Gt),
        (">=", Op::Ge),
    ];
    for (text_op, op) in ops {
        if op.is_ordering() {
            assert_eq!(
                p(&format!("event_time{text_op}1")),
                clause(Field::EventTime, op, Value::Time(1_000_000))
            );
        } else {
            assert_eq!(p(&format!("name{text_op}1")), text(Field::Name, op, "1"));
        }
    }
    // Bare words and integers are text on text fields; the text is kept exactly.
    assert_eq!(p("state=ACTIVE"), text(Field::State, Op::Eq, "ACTIVE"));
    assert_eq!(p("mute = true"), text(Field::Mute, Op::Eq, "true"));
    assert_eq!(
        p("source_properties.Port = 4444"),
        text(Field::SourceProperty("Port".into()), Op::Eq, "4444")
    );
    assert_eq!(
        p("source_properties.Port=-0042"),
        text(Field::SourceProperty("Port".into()), Op::Eq, "-0042")
    );
    assert_eq!(
        p("name = projects/p/sources/s-1/findings/*"),
        text(Field::Name, Op::Eq, "projects/p/sources/s-1/findings/*")
    );
    // Keywords are only keywords unquoted and upper-case.
    assert_eq!(p(r#"category = "AND""#), cat("AND"));
    assert_eq!(p("category = and"), cat("and"));
    assert_eq!(p("category = ANDROID"), cat("ANDROID"));
    // Severity: text for =, != and :; a rank (any case) for ordering.
    assert_eq!(
        p("severity = CRITICAL"),
        text(Field::Severity, Op::Eq, "CRITICAL")
    );
    assert_eq!(
        p(r#"severity != "low""#),
        text(Field::Severity, Op::Ne, "low")
    );
    assert_eq!(
        p(r#"severity >= "high""#),
        clause(Field::Severity, Op::Ge, Value::Severity(Severity::High))
    );
    assert_eq!(
        p("severity<MEDIUM"),
        clause(Field::Severity, Op::Lt, Value::Severity(Severity::Medium))
    );
}

#[test]
fn escapes_in_strings() {
    assert_eq!(p(r#"category = "say \"hi\"""#), cat(r#"say "hi""#));
    assert_eq!(p(r#"category = "back\\slash""#), cat(r"back\slash"));
    assert_eq!(p(r#"category = "\\\"""#), cat(r#"\""#));
    assert_eq!(p(r#"category = """#), cat(""));
    assert_eq!(
        p("category = \"line\nbreak (raw)\""),
        cat("line\nbreak (raw)")
    );
    assert_eq!(
        p(r#"category = "AND OR NOT ( ) - = :""#),
        cat("AND OR NOT ( ) - = :")
    );
    assert_eq!(p(r#"category = "ünïcode 容器 🦀""#), cat("ünïcode 容器 🦀"));
}

#[test]
fn timestamps() {
    const T: i64 = 1_793_491_200_000_000_000; // 2026-11-01T00:00:00Z
    let ev = |filter: &str| match p(filter) {
        Expr::Compare(Comparison {
            value: Value::Time(ns),
            ..
        }) => ns,
        other => panic!("{filter}: {other:?}"),
    };
    assert_eq!(ev(r#"event_time = "2026-11-01T00:00:00Z""#), T);
    assert_eq!(ev(r#"event_time = "2026-11-01t00:00:00z""#), T);
    assert_eq!(ev(r#"event_time = "2026-11-01 00:00:00Z""#), T);
    assert_eq!(ev(r#"event_time = "2026-11-01T01:00:00+01:00""#), T);
    assert_eq!(ev(r#"event_time = "2026-10-31T18:30:00-05:30""#), T);
    assert_eq!(
        ev(r#"event_time = "2026-11-01T00:00:00.5Z""#),
        T + 500_000_000
    );
    assert_eq!(
        ev(r#"event_time = "2026-11-01T00:00:00.123456789Z""#),
        T + 123_456_789
    );
    assert_eq!(
        ev(r#"event_time = "2026-11-01T05:30:00.000001+05:30""#),
        T + 1_000
    );
    assert_eq!(ev(r#"event_time = "1969-12-31T23:59:59.999999999Z""#), -1);
    // Integers are milliseconds since the epoch (SCC's convention), quoted or not.
    assert_eq!(ev("event_time = 1793491200000"), T);
    assert_eq!(ev(r#"event_time = "1793491200001""#), T + 1_000_000);
    assert_eq!(ev("createTime > -1"), -1_000_000);
    assert_eq!(ev("create_time>=0"), 0);
    // Printing gives RFC 3339 in UTC.
    assert_eq!(
        p(r#"eventTime >= "2026-11-01T01:00:00.25+01:00""#).to_string(),
        r#"event_time >= "2026-11-01T00:00:00.25Z""#
    );
}

// ---------------------------------------------------------------------------------------------
// Errors and their columns

#[test]
fn error_columns() {
    let cases: &[(&str, usize, &str)] = &[
        // Unknown field.
        ("nosuchfield = 1", 1, "unknown field 'nosuchfield'"),
        (
            r#"category = "a" AND bogus = 1"#,
            20,
            "unknown field 'bogus'",
        ),
        (
            r#"category = "ü" AND bogus = 1"#,
            20,
            "unknown field 'bogus'",
        ),
        (
            r#"category = "a" and state = "b""#,
            16,
            "keywords are upper-case",
        ),
        ("Category = 1", 1, "unknown field"),
        ("resource.nam = 1", 1, "unknown field"),
        ("source_properties = 1", 1, "source_properties.KEY"),
        (r#"5 = "x""#, 1, "unknown field '5'"),
        // Bad source-property key: the key's column.
        (
            r#"source_properties.a-b = "x""#,
            19,
            "bad source property key 'a-b'",
        ),
        (
            r#"sourceProperties.a.b = "x""#,
            18,
            "bad source property key 'a.b'",
        ),
        (
            r#"sourceProperties. = "x""#,
            18,
            "bad source property key ''",
        ),
        (
            r#"state = "a" source_properties.ключ = 1"#,
            31,
            "bad source property key",
        ),
        (
            r#"source_properties.a*b = 1"#,
            19,
            "bad source property key",
        ),
        // Unknown operator.
        (r#"category == "a""#, 10, "unknown operator '=='"),
        (r#"category ~ "a""#, 10, "unknown operator '~'"),
        (r#"category <> "a""#, 10, "unknown operator '<>'"),
        (r#"category=!"a""#, 9, "unknown operator '=!'"),
        (r#"category ! "a""#, 10, "unknown operator '!'"),
        // Missing operator.
        ("category", 1, "expected an operator"),
        (r#"category "x""#, 1, "expected an operator"),
        (
            r#"state = "a" category AND state = "b""#,
            13,
            "expected an operator",
        ),
        // Unterminated string: the opening quote.
        (r#"category = "abc"#, 12, "unterminated string"),
        (r#"category = "abc\""#, 12, "unterminated string"),
        (r#"category = "abc\"#, 12, "unterminated string"),
        (r#"category = "a" OR state = "b"#, 27, "unterminated string"),
        // Bad escape: the backslash.
        (r#"name = "a\nb""#, 10, "unknown escape"),
        // Single quotes.
        ("category = 'x'", 12, "double quotes"),
        // Missing value: the operator.
        ("category =", 10, "'=' needs a value"),
        ("category = AND state = \"a\"", 10, "'=' needs a value"),
        (r#"(category != )"#, 11, "'!=' needs a value"),
        ("category : NOT", 10, "':' needs a value"),
        ("severity >= -", 10, "'>=' needs a value"),
        // Dangling AND / OR / NOT / -.
        (
            r#"category = "a" AND"#,
            16,
            "AND' needs a condition on its right",
        ),
        (
            r#"category = "a" OR"#,
            16,
            "OR' needs a condition on its right",
        ),
        (
            r#"category = "a" AND OR state = "b""#,
            16,
            "AND' needs a condition on its right",
        ),
        (
            r#"category = "a" OR AND state = "b""#,
            16,
            "OR' needs a condition on its right",
        ),
        (
            r#"(category = "a" OR) state = "b""#,
            17,
            "OR' needs a condition on its right",
        ),
        (
            r#"AND category = "a""#,
            1,
            "AND' needs a condition on its left",
        ),
        (
            r#"OR category = "a""#,
            1,
            "OR' needs a condition on its left",
        ),
        (r#"(OR category = "a")"#, 2, "on its left"),
        ("NOT", 1, "'NOT' needs a condition after it"),
        ("NOT NOT", 5, "'NOT' needs a condition after it"),
        (r#"category = "a" -"#, 16, "'-' needs a condition after it"),
        (
            r#"NOT AND category = "a""#,
            1,
            "'NOT' needs a condition after it",
        ),
        // Unbalanced parentheses.
        (r#"(category = "a""#, 1, "unclosed '('"),
        (r#"((category = "a")"#, 1, "unclosed '('"),
        (r#"(category = "a" OR (state = "b")"#, 1, "unclosed '('"),
        (r#"category = "a")"#, 15, "unmatched ')'"),
        (r#"(category = "a"))"#, 17, "unmatched ')'"),
        (")", 1, "unmatched ')'"),
        // Empty parentheses (an empty group is an empty filter).
        ("()", 1, "empty parentheses"),
        (r#"category = "a" AND ( )"#, 20, "empty parentheses"),
        // Stray tokens.
        (r#"category = "a" = "b""#, 16, "unexpected '='"),
        (r#"(category = "a" = "b")"#, 17, "expected ')'"),
        (
            r#""Reverse Shell""#,
            1,
            "expected a field name, found a quoted string",
        ),
        (r#"= "x""#, 1, "expected a field name"),
        // Bad timestamps: the value.
        (
            r#"event_time > "2026-13-01T00:00:00Z""#,
            14,
            "month out of range",
        ),
        (r#"event_time > "yesterday""#, 14, "bad timestamp"),
        (r#"eventTime > "2026-11-01""#, 13, "bad timestamp"),
        ("event_time > 2026-11-01", 14, "bad timestamp"),
        (
            r#"event_time > "2026-11-01T00:00:00.1234567891Z""#,
            14,
            "nine fractional digits",
        ),
        (
            r#"create_time < "2026-02-29T00:00:00Z""#,
            15,
            "day out of range",
        ),
        ("eventTime >= 99999999999999999", 14, "out of range"),
        (
            r#"createTime >= "9999-12-31T00:00:00Z""#,
            15,
            "representable range",
        ),
        // Ordering on unordered fields, `:` on timestamps: the operator.
        (r#"category > "x""#, 10, "'category' has no order"),
        (r#"state <= "ACTIVE""#, 7, "'state' has no order"),
        ("source_properties.Port > 4", 24, "has no order"),
        (r#"container.name >= "a""#, 16, "has no order"),
        (
            r#"event_time : "2026-11-01T00:00:00Z""#,
            12,
            "':' does not apply",
        ),
        // Severity ordering needs a severity: the value.
        (r#"severity > "SEVERE""#, 12, "not a severity"),
        ("severity >= SEVERITY_UNSPECIFIED", 13, "not a severity"),
    ];
    for &(filter, column, fragment) in cases {
        let e = err(filter);
        assert_eq!(e.column, column, "{filter}: {e}");
        assert!(
            e.message.contains(fragment),
            "{filter}: {e} (expected {fragment:?})"
        );
        assert_eq!(e.to_string(), format!("column {column}: {}", e.message));
    }
}

#[test]
fn nesting_is_bounded() {
    let nested = |depth: usize| format!("{}category=\"a\"{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(p(&nested(MAX_DEPTH)), cat("a"));
    let e = err(&nested(MAX_DEPTH + 1));
    assert_eq!(e.column, MAX_DEPTH + 1, "{e}");
    let nots = |depth: usize| format!("{}category=\"a\"", "NOT ".repeat(depth));
    assert!(parse(&nots(MAX_DEPTH)).is_ok());
    assert_eq!(err(&nots(MAX_DEPTH + 1)).column, 4 * MAX_DEPTH + 1);
    // Deep input never overflows the stack: it is refused.
    assert!(parse(&"(".repeat(100_000)).is_err());
    assert!(parse(&"-".repeat(100_000)).is_err());
}

// ---------------------------------------------------------------------------------------------
// SQL text

#[test]
fn postgres_sql_text() {
    let f = to_sql(
        &p(r#"category:"shell" AND severity>=HIGH"#),
        Dialect::Postgres,
        1,
    );
    assert_eq!(
        f.sql,
        "(strpos(lower(category), lower($1)) > 0 AND severity IN ($2, $3))"
    );
    assert_eq!(
        f.params,
        vec![
            SqlParam::Text("shell".into()),
            SqlParam::Text("HIGH".into()),
            SqlParam::Text("CRITICAL".into())
        ]
    );

    let f = to_sql(
        &p(
            r#"source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port = 4444 OR -container.name="api""#,
        ),
        Dialect::Postgres,
        1,
    );
    assert_eq!(
        f.sql,
        "(name IN (SELECT name FROM finding_properties WHERE key = $1 AND left(value, 256) = left($2, 256) \
         AND (value = $3)) OR NOT (COALESCE(container_name, '') = $4))"
    );
    assert_eq!(
        f.params,
        vec![
            SqlParam::Text("Reverse_Shell_Stdin_Redirection_Dst_Port".into()),
            SqlParam::Text("4444".into()),
            SqlParam::Text("4444".into()),
            SqlParam::Text("api".into())
        ]
    );

    let f = to_sql(
        &p(r#"event_time >= "2026-11-01T01:00:00+01:00" state!="INACTIVE""#),
        Dialect::Postgres,
        5,
    );
    assert_eq!(f.sql, "(event_time_ns >= $5 AND state <> $6)");
    assert_eq!(
        f.params,
        vec![
            SqlParam::Int(1_793_491_200_000_000_000),
            SqlParam::Text("INACTIVE".into())
        ]
    );

    let f = to_sql(&p("severity > CRITICAL"), Dialect::Postgres, 1);
    assert_eq!((f.sql.as_str(), f.params.len()), ("(1 = 0)", 0));
}

#[test]
fn sqlite_sql_text() {
    let f = to_sql(
        &p(r#"category:"shell" AND severity>=HIGH"#),
        Dialect::Sqlite,
        1,
    );
    assert_eq!(
        f.sql,
        "(instr(lower(category), lower(?1)) > 0 AND severity IN (?2, ?3))"
    );

    let f = to_sql(&p("sourceProperties.Port = 4444"), Dialect::Sqlite, 3);
    assert_eq!(
        f.sql,
        "id IN (SELECT id FROM finding_properties WHERE key = ?3 AND (value = ?4))"
    );
    assert_eq!(
        f.params,
        vec![SqlParam::Text("Port".into()), SqlParam::Text("4444".into())]
    );

    // A missing property reads as '', so a test that '' passes keeps findings without the key.
    let f = to_sql(
        &p(r#"-sourceProperties.Port != "4444""#),
        Dialect::Sqlite,
        1,
    );
    assert_eq!(
        f.sql,
        "NOT (id NOT IN (SELECT id FROM finding_properties WHERE key = ?1 AND NOT (value <> ?2)))"
    );

    let f = to_sql(
        &p(r#"event_time >= 1793491200000 NOT mute="MUTED""#),
        Dialect::Sqlite,
        1,
    );
    assert_eq!(f.sql, "(event_time_ns >= ?1 AND NOT (mute = ?2))");
    assert_eq!(
        f.params,
        vec![
            SqlParam::Int(1_793_491_200_000_000_000),
            SqlParam::Text("MUTED".into())
        ]
    );
}

#[test]
fn user_text_never_reaches_the_sql() {
    let hostile = r#"x'); DROP TABLE findings; -- $1 ?1 "#;
    let quoted = format!("\"{}\"", hostile.replace('\\', "\\\\").replace('"', "\\\""));
    for field in [
        "category",
        "name",
        "container.name",
        "source_properties.K",
        "resource.displayName",
    ] {
        for op in ["=", "!=", ":"] {
            let e = p(&format!("{field} {op} {quoted}"));
            for (dialect, sigil) in [(Dialect::Sqlite, '?'), (Dialect::Postgres, '$')] {
                let f = to_sql(&e, dialect, 1);
                assert!(!f.sql.contains("DROP") && !f.sql.contains('"'), "{}", f.sql);
                check_placeholders(&f.sql, sigil, 1, f.params.len());
                assert!(f.params.contains(&SqlParam::Text(hostile.to_owned())));
            }
        }
    }
}

#[test]
fn order_by_lists() {
    assert_eq!(
        order_by("event_time desc").unwrap().to_sql(),
        "event_time_ns DESC, name"
    );
    assert_eq!(
        order_by("eventTime").unwrap().to_sql(),
        "event_time_ns, name"
    );
    assert_eq!(
        order_by("severity desc, name").unwrap().to_sql(),
        "CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 \
         ELSE 0 END DESC, name"
    );
    assert_eq!(
        shrike_store::filter::OrderBy::default().to_sql(),
        "event_time_ns DESC, name"
    );
    assert_eq!(order_by("  ").unwrap().to_sql(), "event_time_ns DESC, name");
    assert_eq!(
        order_by("category, create_time DESC").unwrap().to_sql(),
        "category, create_time_ns DESC, name"
    );
    for (spec, column) in [
        ("event_time, bogus", 13),
        ("name up", 6),
        ("state,", 6),
        ("name desc x", 11),
        ("name, name", 7),
    ] {
        assert_eq!(order_by(spec).unwrap_err().column, column, "{spec}");
    }
}

// ---------------------------------------------------------------------------------------------
// A fixture, stored in real databases

const BASE: i64 = 1_793_491_200_000_000_000; // 2026-11-01T00:00:00Z
const HOUR: i64 = 3_600_000_000_000;
const SEC: i64 = 1_000_000_000;

struct Fx {
    id: u32,
    category: &'static str,
    state: &'static str,
    severity: &'static str,
    mute: &'static str,
    module: &'static str,
    event_ns: i64,
    create_ns: i64,
    resource_name: &'static str,
    resource_type: &'static str,
    display: &'static str,
    project: &'static str,
    container_name: Option<&'static str>,
    container_image: Option<&'static str>,
    props: serde_json::Value,
}

impl Fx {
    fn name(&self) -> String {
        format!("projects/p/sources/s/findings/f{:02}", self.id)
    }

    fn envelope(&self) -> String {
        let mut containers = Vec::new();
        if let Some(n) = self.container_name {
            containers.push(json!({"name": n, "uri": self.container_image}));
        }
        json!({
            "finding": {
                "name": self.name(), "parent": "projects/p/sources/s", "category": self.category,
                "state": self.state, "severity": self.severity, "mute": self.mute,
                "moduleName": self.module, "sourceProperties": self.props, "containers": containers,
            },
            "resource": {"name": self.resource_name, "type": self.resource_type,
                         "displayName": self.display, "projectDisplayName": self.project},
        })
        .to_string()
    }
}

fn fixture() -> Vec<Fx> {
    let fx = |id: u32,
              category: &'static str,
              (state, severity, mute, module): (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
              event_ns: i64,
              (resource_name, resource_type, display, project): (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
              (container_name, container_image): (Option<&'static str>, Option<&'static str>),
              props: serde_json::Value| Fx {
        id,
        category,
        state,
        severity,
        mute,
        module,
        event_ns,
        create_ns: event_ns + SEC,
        resource_name,
        resource_type,
        display,
        project,
        container_name,
        container_image,
        props,
    };
    let mut all = vec![
        fx(
            1,
            "Reverse Shell",
            ("ACTIVE", "CRITICAL", "UNDEFINED", "REVERSE_SHELL"),
            BASE,
            (
                "//shrike/hosts/h1/containers/c1",
                "shrike.Container",
                "web-7d9f",
                "shop-prod",
            ),
            (Some("web"), Some("registry.example/shop/web:1.2")),
            json!({"Reverse_Shell_Stdin_Redirection_Dst_Port": 4444, "Reverse_Shell_Stdin_Redirection_Dst_Ip": "203.0.113.7"}),
        ),
        fx(
            2,
            "Added Malicious Binary Executed",
            ("ACTIVE", "HIGH", "UNDEFINED", "MALICIOUS_BINARY"),
            BASE + HOUR,
            (
                "//shrike/hosts/h1/containers/c2",
                "shrike.Container",
                "api-5c4b",
                "shop-prod",
            ),
            (Some("api"), Some("registry.example/shop/api:3")),
            json!({"Binary_Path": "/tmp/.x/miner", "Is_Fileless": true}),
        ),
        fx(
            3,
            "Added Library Loaded",
            ("INACTIVE", "MEDIUM", "MUTED", "MALICIOUS_LIBRARY"),
            BASE + 2 * HOUR,
            ("//shrike/hosts/h2", "shrike.Host", "build-host", "ci"),
            (None, None),
            json!({"Note": "'); DROP TABLE findings; --"}),
        ),
        fx(
            4,
            "Malicious Script Executed",
            ("ACTIVE", "LOW", "UNMUTED", "MALICIOUS_SCRIPT"),
            BASE + 3 * HOUR,
            (
                "//shrike/hosts/h1/containers/c4",
                "shrike.Container",
                "50%_off",
                "shop-prod",
            ),
            (Some("50%_off"), Some("registry.example/promo:latest")),
            json!({"Pattern": "100%"}),
        ),
        fx(
            5,
            "Modified Malicious Binary Executed",
            ("ACTIVE", "HIGH", "UNDEFINED", "MALICIOUS_BINARY"),
            BASE + 4 * HOUR,
            (
                "//shrike/hosts/h1/containers/c5",
                "shrike.Container",
                "quote\"d 'name",
                "shop-prod",
            ),
            (
                Some("quote\"d 'name"),
                Some("registry.example/shop/web:1.3"),
            ),
            json!({"Reverse_Shell_Stdin_Redirection_Dst_Port": "4444", "Is_Fileless": false}),
        ),
        fx(
            6,
            "Reverse Shell",
            ("INACTIVE", "MEDIUM", "UNMUTED", "REVERSE_SHELL"),
            BASE + 5 * HOUR,
            (
                "//shrike/hosts/h4/containers/c6",
                "shrike.Container",
                "ünïcode",
                "shop-staging",
            ),
            (Some("ünïcode-容器"), Some("ÉCOLE/Image:1")),
            json!({"Reverse_Shell_Stdin_Redirection_Dst_Port": 8080}),
        ),
        fx(
            7,
            "Malicious URL Observed",
            (
                "ACTIVE",
                "SEVERITY_UNSPECIFIED",
                "UNDEFINED",
                "MALICIOUS_URL",
            ),
            BASE + 6 * HOUR,
            ("//shrike/hosts/h3", "shrike.Host", "edge", "shop-staging"),
            (None, None),
            json!({"Url": "http://evil.example/%41_x"}),
        ),
        fx(
            8,
            "'); DROP TABLE findings; --",
            ("ACTIVE", "LOW", "MUTED", "TEST"),
            BASE + 7 * HOUR,
            (
                "//shrike/hosts/h3/containers/c8",
                "shrike.Container",
                "x' OR '1'='1",
                "ci",
            ),
            (Some("api"), Some("")),
            json!({"Comment": "ü"}),
        ),
        fx(
            9,
            "Launch Code Compiler Tool In Container",
            ("ACTIVE", "CRITICAL", "UNDEFINED", "COMPILER"),
            BASE + 8 * HOUR + 123_456_789,
            (
                "//shrike/hosts/h1/containers/c9",
                "shrike.Container",
                "builder",
                "ci",
            ),
            (Some("builder"), None),
            json!({"Compiler_Tool": "rustc", "Ratio": 1.5}),
        ),
        fx(
            10,
            "Reverse Shell",
            ("ACTIVE", "HIGH", "UNDEFINED", "REVERSE_SHELL"),
            BASE - 24 * HOUR,
            (
                "//shrike/hosts/h1/containers/c10",
                "shrike.Container",
                "web-old",
                "shop-prod",
            ),
            (Some("web"), Some("registry.example/shop/web:1.0")),
            json!({"Reverse_Shell_Stdin_Redirection_Dst_Port": 4444, "Nested": {"a": 1}}),
        ),
    ];
    all[9].create_ns = BASE + 10 * HOUR; // ingested late
    all
}

const INSERT_COLUMNS: &str = "name, parent, finding_id, category, module_name, state, severity, mute, event_time_ns, \
     create_time_ns, resource_name, resource_type, resource_display_name, project_display_name, container_name, \
     container_image, envelope";

const SQLITE_SCHEMA: &str = include_str!("../migrations/sqlite/0001_findings.sql");
const POSTGRES_SCHEMA: &str = include_str!("../migrations/postgres/0001_findings.sql");
// Applied after the fixture rows are in, so the filters below also check that migration 2's
// backfill of the property side table reads values the way the filter compares them.
const SQLITE_PROPERTIES: &str = include_str!("../migrations/sqlite/0002_finding_properties.sql");
const POSTGRES_PROPERTIES: &str =
    include_str!("../migrations/postgres/0002_finding_properties.sql");
// Migration 3 (SQLite) rebuilds the tables with integer finding ids.
const SQLITE_IDS: &str = include_str!("../migrations/sqlite/0003_finding_ids.sql");

fn sqlite_db() -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(SQLITE_SCHEMA).unwrap();
    for f in fixture() {
        conn.execute(
            &format!("INSERT INTO findings ({INSERT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"),
            rusqlite::params![
                f.name(), "projects/p/sources/s", format!("f{:02}", f.id), f.category, f.module, f.state,
                f.severity, f.mute, f.event_ns, f.create_ns, f.resource_name, f.resource_type, f.display,
                f.project, f.container_name, f.container_image, f.envelope()
            ],
        )
        .unwrap();
    }
    conn.execute_batch(SQLITE_PROPERTIES).unwrap();
    conn.execute_batch(SQLITE_IDS).unwrap();
    conn
}

fn sqlite_params(params: &[SqlParam]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|p| match p {
            SqlParam::Text(s) => rusqlite::types::Value::Text(s.clone()),
            SqlParam::Int(i) => rusqlite::types::Value::Integer(*i),
        })
        .collect()
}

fn ids(names: impl IntoIterator<Item = String>) -> Vec<u32> {
    let mut out: Vec<u32> = names
        .into_iter()
        .map(|n| n.rsplit("/f").next().unwrap().parse().unwrap())
        .collect();
    out.sort_unstable();
    out
}

/// Runs a parsed filter (None: everything) against SQLite, returning the matching fixture ids.
fn sqlite_run_expr(
    conn: &rusqlite::Connection,
    expr: Option<&Expr>,
) -> Result<Vec<u32>, rusqlite::Error> {
    sqlite_run_with(conn, expr, shrike_store::filter::SqlOptions::default())
}

/// [`sqlite_run_expr`] with the filter written as `options` say.
fn sqlite_run_with(
    conn: &rusqlite::Connection,
    expr: Option<&Expr>,
    options: shrike_store::filter::SqlOptions,
) -> Result<Vec<u32>, rusqlite::Error> {
    let (where_sql, params) = match expr {
        Some(e) => {
            let f = shrike_store::filter::to_sql_with(e, Dialect::Sqlite, 1, options);
            check_placeholders(&f.sql, '?', 1, f.params.len());
            (format!("WHERE {}", f.sql), sqlite_params(&f.params))
        }
        None => (String::new(), Vec::new()),
    };
    let mut stmt = conn.prepare(&format!("SELECT name FROM findings {where_sql}"))?;
    let names = stmt
        .query_map(rusqlite::params_from_iter(params), |row| {
            row.get::<_, String>(0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids(names))
}

fn sqlite_run(conn: &rusqlite::Connection, filter: &str) -> Vec<u32> {
    let expr = parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    sqlite_run_expr(conn, expr.as_ref()).unwrap_or_else(|e| panic!("{filter}: {e}"))
}

/// Filters and the fixture ids they select — the same on both databases.
const CASES: &[(&str, &[u32])] = &[
    ("", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    (r#"category="Reverse Shell""#, &[1, 6, 10]),
    (r#"category = "reverse shell""#, &[]),
    (r#"category:"reverse""#, &[1, 6, 10]),
    (r#"category:"MALICIOUS""#, &[2, 4, 5, 7]),
    (r#"category:"Malicious" AND category:"Binary""#, &[2, 5]),
    // Precedence: AND binds tighter than OR; implicit AND like AND.
    (
        r#"category="Reverse Shell" OR severity="LOW" AND state="ACTIVE""#,
        &[1, 4, 6, 8, 10],
    ),
    (
        r#"(category="Reverse Shell" OR severity="LOW") state="ACTIVE""#,
        &[1, 4, 8, 10],
    ),
    (
        r#"category:"Reverse" state=ACTIVE severity>=HIGH"#,
        &[1, 10],
    ),
    // Negation.
    (r#"-state="INACTIVE""#, &[1, 2, 4, 5, 7, 8, 9, 10]),
    (
        r#"NOT state="INACTIVE" AND NOT mute="MUTED""#,
        &[1, 2, 4, 5, 7, 9, 10],
    ),
    (
        r#"NOT (state="INACTIVE" OR mute="MUTED")"#,
        &[1, 2, 4, 5, 7, 9, 10],
    ),
    (r#"NOT NOT category="Reverse Shell""#, &[1, 6, 10]),
    // Severity: text and rank.
    ("severity = CRITICAL", &[1, 9]),
    (r#"severity>="HIGH""#, &[1, 2, 5, 9, 10]),
    ("severity > HIGH", &[1, 9]),
    ("severity < MEDIUM", &[4, 8]),
    (r#"severity <= "medium""#, &[3, 4, 6, 8]),
    ("severity > CRITICAL", &[]),
    ("severity >= LOW", &[1, 2, 3, 4, 5, 6, 8, 9, 10]),
    ("NOT severity >= LOW", &[7]),
    (r#"severity != "HIGH""#, &[1, 3, 4, 6, 7, 8, 9]),
    (r#"severity:"unspec""#, &[7]),
    // Timestamps (nanoseconds; offsets; milliseconds).
    (r#"event_time >= "2026-11-01T05:00:00Z""#, &[6, 7, 8, 9]),
    (r#"event_time > "2026-11-01T06:00:00+01:00""#, &[7, 8, 9]),
    ("eventTime < 1793491200000", &[10]),
    ("event_time != 1793491200000", &[2, 3, 4, 5, 6, 7, 8, 9, 10]),
    (
        r#"eventTime >= "2026-10-31T19:00:00-05:00""#,
        &[1, 2, 3, 4, 5, 6, 7, 8, 9],
    ),
    (r#"event_time = "2026-11-01T08:00:00.123456789Z""#, &[9]),
    (r#"event_time = "2026-11-01T08:00:00.123Z""#, &[]),
    (r#"event_time > "2026-11-01T08:00:00.123456788Z""#, &[9]),
    (r#"createTime > "2026-11-01T09:00:00Z""#, &[10]),
    ("create_time = 1793491201000", &[1]),
    (
        r#"event_time >= "2026-11-01T02:00:00Z" AND event_time < "2026-11-01T04:00:00Z""#,
        &[3, 4],
    ),
    // Plain text fields.
    (r#"name = "projects/p/sources/s/findings/f03""#, &[3]),
    (r#"name:"f1""#, &[10]),
    (
        r#"parent = "projects/p/sources/s""#,
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ),
    (r#"module_name = "REVERSE_SHELL""#, &[1, 6, 10]),
    (r#"moduleName:"malicious""#, &[2, 3, 4, 5, 7]),
    (r#"mute = "MUTED""#, &[3, 8]),
    // Resource.
    (r#"resource.type="shrike.Host""#, &[3, 7]),
    (r#"resourceName:"hosts/h3""#, &[7, 8]),
    (r#"resource_name = "//shrike/hosts/h2""#, &[3]),
    (r#"resource.name = "//shrike/hosts/h2""#, &[3]),
    (r#"resource.display_name:"%""#, &[4]),
    (r#"resource.displayName:"_""#, &[4]),
    (r#"resource.display_name = "x' OR '1'='1""#, &[8]),
    (
        r#"resource.project_display_name="shop-prod""#,
        &[1, 2, 4, 5, 10],
    ),
    (
        r#"resource.projectDisplayName:"SHOP""#,
        &[1, 2, 4, 5, 6, 7, 10],
    ),
    // Containers (NULL reads as "").
    (r#"container.name="api""#, &[2, 8]),
    (r#"containers.name != "api""#, &[1, 3, 4, 5, 6, 7, 9, 10]),
    (r#"NOT container.name="api""#, &[1, 3, 4, 5, 6, 7, 9, 10]),
    (r#"container.name = """#, &[3, 7]),
    (r#"container.name:"%_""#, &[4]),
    (r#"container.name:"%""#, &[4]),
    (r#"container.name:"_""#, &[4]),
    (r#"container.name:"%_%""#, &[]),
    (r#"container.uri:"shop/web""#, &[1, 5, 10]),
    (r#"container.image:"ÉCOLE""#, &[6]),
    (r#"containers.uri = """#, &[3, 7, 8, 9]),
    (r#"container.name = "ünïcode-容器""#, &[6]),
    (r#"container.name:"容器""#, &[6]),
    (r#"container.name = "quote\"d 'name""#, &[5]),
    // Source properties, compared as text.
    (
        "source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port = 4444",
        &[1, 5, 10],
    ),
    (
        r#"sourceProperties.Reverse_Shell_Stdin_Redirection_Dst_Port = "4444""#,
        &[1, 5, 10],
    ),
    (
        "source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port != 4444",
        &[2, 3, 4, 6, 7, 8, 9],
    ),
    (
        "source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port:44",
        &[1, 5, 10],
    ),
    ("source_properties.Is_Fileless = true", &[2]),
    ("source_properties.Is_Fileless = false", &[5]),
    (r#"source_properties.Compiler_Tool = "rustc""#, &[9]),
    ("source_properties.Ratio = 1.5", &[9]),
    (r#"source_properties.Pattern:"%""#, &[4]),
    (r#"source_properties.Url:"%41_""#, &[7]),
    (r#"source_properties.Nested:"\"a\"""#, &[10]),
    (
        r#"source_properties.Note = "'); DROP TABLE findings; --""#,
        &[3],
    ),
    (r#"source_properties.Note:"drop table""#, &[3]),
    (r#"source_properties.Comment = "ü""#, &[8]),
    (
        r#"source_properties.Nope = """#,
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ),
    (r#"source_properties.Nope = "x""#, &[]),
    // Injection attempts in values.
    (r#"category = "x'); DROP TABLE findings; --""#, &[]),
    (r#"category = "'); DROP TABLE findings; --""#, &[8]),
    (r#"category:"'""#, &[8]),
    (r#"name = "' OR 1=1 --""#, &[]),
    (r#"name = "\" OR 1=1 --""#, &[]),
    (r#"name:"') OR ('1'='1""#, &[]),
    (r#"category = "x\\'; DELETE FROM findings; SELECT '""#, &[]),
    (r#"resource.type = "$1""#, &[]),
    (r#"resource.type = "?1""#, &[]),
];

#[test]
fn sqlite_execution() {
    let conn = sqlite_db();
    for (filter, expected) in CASES {
        assert_eq!(sqlite_run(&conn, filter), expected.to_vec(), "{filter}");
        // Written the other ways the store may choose for SQLite's planner.
        let expr = parse(filter).unwrap();
        for (properties_exists, expand_category_has) in [(true, false), (false, true), (true, true)]
        {
            let options = shrike_store::filter::SqlOptions {
                properties_exists,
                expand_category_has,
            };
            assert_eq!(
                sqlite_run_with(&conn, expr.as_ref(), options).unwrap(),
                expected.to_vec(),
                "{filter} {options:?}"
            );
        }
    }
    // SQLite's lower() folds ASCII only: "É" does not match "é" (PostgreSQL follows its locale).
    assert_eq!(
        sqlite_run(&conn, r#"container.image:"école""#),
        Vec::<u32>::new()
    );
    // The table is whole after every injection attempt.
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'findings'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM findings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 10);
}

#[test]
fn sqlite_placeholders_can_start_anywhere() {
    let conn = sqlite_db();
    let e = p(
        r#"category="Reverse Shell" source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port = 4444"#,
    );
    let f = to_sql(&e, Dialect::Sqlite, 2);
    check_placeholders(&f.sql, '?', 2, f.params.len());
    let mut params = vec![rusqlite::types::Value::Text("projects/p/sources/s".into())];
    params.extend(sqlite_params(&f.params));
    let sql = format!("SELECT name FROM findings WHERE parent = ?1 AND {}", f.sql);
    let mut stmt = conn.prepare(&sql).unwrap();
    let names: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(params), |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids(names), vec![1, 10]);
}

#[test]
fn sqlite_long_and_deep_filters_run() {
    let conn = sqlite_db();
    // A long OR list, as a client listing findings by name would send.
    let long: Vec<String> = (1..=3000)
        .map(|i| format!("name = \"projects/p/sources/s/findings/f{i:02}\""))
        .collect();
    assert_eq!(
        sqlite_run(&conn, &long.join(" OR ")),
        (1..=10).collect::<Vec<_>>()
    );
    let long_and: Vec<String> = (0..3000).map(|i| format!("name != \"x{i}\"")).collect();
    assert_eq!(sqlite_run(&conn, &long_and.join(" ")).len(), 10);
    // The deepest nesting allowed, each level the first of a 16-clause AND (SQLite's worst case).
    let mut deep = r#"category = "Reverse Shell""#.to_owned();
    for _ in 0..MAX_DEPTH {
        deep = format!("({deep}{})", r#" AND name != "x""#.repeat(15));
    }
    assert_eq!(sqlite_run(&conn, &deep), vec![1, 6, 10]);
    let nots = format!("{}category = \"Reverse Shell\"", "NOT ".repeat(MAX_DEPTH));
    assert_eq!(sqlite_run(&conn, &nots), vec![1, 6, 10]);
}

#[test]
fn sqlite_order_by_runs() {
    let conn = sqlite_db();
    let order = |spec: &str| -> Vec<u32> {
        let sql = format!(
            "SELECT name FROM findings ORDER BY {}",
            order_by(spec).unwrap().to_sql()
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        names
            .iter()
            .map(|n| n.rsplit("/f").next().unwrap().parse().unwrap())
            .collect()
    };
    assert_eq!(order(""), vec![9, 8, 7, 6, 5, 4, 3, 2, 1, 10]);
    assert_eq!(order("eventTime"), vec![10, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(
        order("create_time desc"),
        vec![10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    );
    assert_eq!(order("severity desc"), vec![1, 9, 2, 5, 10, 3, 6, 4, 8, 7]);
    assert_eq!(
        order("severity, event_time desc"),
        vec![7, 8, 4, 6, 3, 5, 2, 10, 9, 1]
    );
    assert_eq!(
        order("state desc, name desc"),
        vec![6, 3, 10, 9, 8, 7, 5, 4, 2, 1]
    );
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL, when a server is at hand

/// A schema of its own in the `SHRIKE_TEST_POSTGRES` database, dropped on drop.
struct PgSchema {
    client: postgres::Client,
    schema: String,
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let _ = self
            .client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}

fn postgres_db() -> Option<PgSchema> {
    let url = std::env::var("SHRIKE_TEST_POSTGRES").ok()?;
    let mut client = postgres::Client::connect(&url, postgres::NoTls)
        .expect("connecting to SHRIKE_TEST_POSTGRES");
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let schema = format!("shrike_filter_{}_{stamp}", std::process::id());
    client
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; SET search_path TO {schema}"
        ))
        .unwrap();
    let mut db = PgSchema { client, schema };
    db.client.batch_execute(POSTGRES_SCHEMA).unwrap();
    let sql = format!(
        "INSERT INTO findings ({INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17::text::jsonb)"
    );
    for f in fixture() {
        db.client
            .execute(
                &sql,
                &[
                    &f.name(),
                    &"projects/p/sources/s",
                    &format!("f{:02}", f.id),
                    &f.category,
                    &f.module,
                    &f.state,
                    &f.severity,
                    &f.mute,
                    &f.event_ns,
                    &f.create_ns,
                    &f.resource_name,
                    &f.resource_type,
                    &f.display,
                    &f.project,
                    &f.container_name,
                    &f.container_image,
                    &f.envelope(),
                ],
            )
            .unwrap();
    }
    db.client.batch_execute(POSTGRES_PROPERTIES).unwrap();
    Some(db)
}

fn postgres_run(db: &mut PgSchema, filter: &str) -> Vec<u32> {
    let (where_sql, params): (String, Vec<Box<dyn postgres::types::ToSql + Sync>>) =
        match parse(filter).unwrap() {
            Some(e) => {
                let f = to_sql(&e, Dialect::Postgres, 1);
                check_placeholders(&f.sql, '$', 1, f.params.len());
                let params = f
                    .params
                    .into_iter()
                    .map(|p| -> Box<dyn postgres::types::ToSql + Sync> {
                        match p {
                            SqlParam::Text(s) => Box::new(s),
                            SqlParam::Int(i) => Box::new(i),
                        }
                    })
                    .collect();
                (format!("WHERE {}", f.sql), params)
            }
            None => (String::new(), Vec::new()),
        };
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
        params.iter().map(|b| b.as_ref()).collect();
    let rows = db
        .client
        .query(&format!("SELECT name FROM findings {where_sql}"), &refs)
        .unwrap_or_else(|e| panic!("{filter}: {e}"));
    ids(rows.iter().map(|r| r.get::<_, String>(0)))
}

#[test]
fn postgres_execution() {
    let Some(mut db) = postgres_db() else {
        eprintln!("PostgreSQL part skipped: set SHRIKE_TEST_POSTGRES=postgres://user:pass@host/db");
        return;
    };
    for (filter, expected) in CASES {
        assert_eq!(postgres_run(&mut db, filter), expected.to_vec(), "{filter}");
    }
    let long: Vec<String> = (1..=3000)
        .map(|i| format!("name = \"projects/p/sources/s/findings/f{i:02}\""))
        .collect();
    assert_eq!(
        postgres_run(&mut db, &long.join(" OR ")),
        (1..=10).collect::<Vec<_>>()
    );
    for spec in ["", "severity desc, event_time", "state, create_time desc"] {
        let sql = format!(
            "SELECT name FROM findings ORDER BY {}",
            order_by(spec).unwrap().to_sql()
        );
        assert_eq!(db.client.query(&sql, &[]).unwrap().len(), 10, "{spec}");
    }
    let count: i64 = db
        .client
        .query_one("SELECT count(*) FROM findings", &[])
        .unwrap()
        .get(0);
    assert_eq!(count, 10);
}

// ---------------------------------------------------------------------------------------------
// Properties

/// What SQLite should answer for `expr` on fixture row `f` (a reference evaluator).
fn eval(expr: &Expr, f: &Fx) -> bool {
    match expr {
        Expr::Not(inner) => !eval(inner, f),
        Expr::And(items) => items.iter().all(|e| eval(e, f)),
        Expr::Or(items) => items.iter().any(|e| eval(e, f)),
        Expr::Compare(c) => {
            if let Value::Time(ns) = c.value {
                let have = if c.field == Field::EventTime {
                    f.event_ns
                } else {
                    f.create_ns
                };
                return match c.op {
                    Op::Eq | Op::Has => have == ns,
                    Op::Ne => have != ns,
                    Op::Lt => have < ns,
                    Op::Le => have <= ns,
                    Op::Gt => have > ns,
                    Op::Ge => have >= ns,
                };
            }
            let have: String = match &c.field {
                Field::Category => f.category.into(),
                Field::State => f.state.into(),
                Field::Severity => f.severity.into(),
                Field::Mute => f.mute.into(),
                Field::ModuleName => f.module.into(),
                Field::Name => f.name(),
                Field::Parent => "projects/p/sources/s".into(),
                Field::ResourceName => f.resource_name.into(),
                Field::ResourceType => f.resource_type.into(),
                Field::ResourceDisplayName => f.display.into(),
                Field::ResourceProjectDisplayName => f.project.into(),
                Field::ContainerName => f.container_name.unwrap_or("").into(),
                Field::ContainerImage => f.container_image.unwrap_or("").into(),
                Field::SourceProperty(k) => match f.props.get(k) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                },
                Field::EventTime | Field::CreateTime => unreachable!("timestamps take Value::Time"),
            };
            match (&c.value, c.op) {
                (Value::Severity(s), op) => {
                    let rank = Severity::ALL.into_iter().find(|v| v.as_str() == have);
                    rank.is_some_and(|r| match op {
                        Op::Lt => r < *s,
                        Op::Le => r <= *s,
                        Op::Gt => r > *s,
                        _ => r >= *s,
                    })
                }
                (Value::Text(t), Op::Eq) => have == *t,
                (Value::Text(t), Op::Ne) => have != *t,
                (Value::Text(t), Op::Has) => {
                    have.to_ascii_lowercase().contains(&t.to_ascii_lowercase())
                }
                other => unreachable!("not produced by the strategy: {other:?}"),
            }
        }
    }
}

/// Values worth comparing against: the fixture's own, their fragments, and noise.
const POOL: &[&str] = &[
    "Reverse Shell",
    "reverse",
    "MALICIOUS",
    "Binary",
    "ACTIVE",
    "INACTIVE",
    "HIGH",
    "LOW",
    "MUTED",
    "CRITICAL",
    "api",
    "web",
    "%",
    "_",
    "%_",
    "4444",
    "8080",
    "true",
    "false",
    "1.5",
    "rustc",
    "ü",
    "容器",
    "'",
    "\"",
    "'); DROP TABLE findings; --",
    "shop-prod",
    "shrike.Host",
    "",
    "h1",
    "REVERSE_SHELL",
];

fn field_strategy() -> impl Strategy<Value = Field> {
    prop_oneof![
        prop::sample::select(vec![
            Field::Category,
            Field::State,
            Field::Severity,
            Field::Mute,
            Field::ModuleName,
            Field::Name,
            Field::Parent,
            Field::EventTime,
            Field::CreateTime,
            Field::ResourceName,
            Field::ResourceType,
            Field::ResourceDisplayName,
            Field::ResourceProjectDisplayName,
            Field::ContainerName,
            Field::ContainerImage,
        ]),
        prop::sample::select(vec![
            "Reverse_Shell_Stdin_Redirection_Dst_Port",
            "Is_Fileless",
            "Ratio",
            "Nested",
            "Compiler_Tool",
            "Nope"
        ])
        .prop_map(|k| Field::SourceProperty(k.to_owned())),
        "[A-Za-z0-9_]{1,10}".prop_map(Field::SourceProperty),
    ]
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(POOL).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => "[a-zA-Z%_'\" \\\\()=:-]{0,8}",
    ]
}

fn comparison_strategy() -> impl Strategy<Value = Comparison> {
    field_strategy().prop_flat_map(|field| {
        let text_ops = prop::sample::select(vec![Op::Eq, Op::Ne, Op::Has]);
        let ordering = prop::sample::select(vec![Op::Lt, Op::Le, Op::Gt, Op::Ge]);
        if field.is_time() {
            let times = prop_oneof![
                any::<i64>(),
                prop::sample::select(vec![
                    BASE,
                    BASE + HOUR,
                    BASE + 8 * HOUR + 123_456_789,
                    BASE - 24 * HOUR
                ]),
                (BASE - 48 * HOUR)..(BASE + 12 * HOUR),
            ];
            let ops = prop::sample::select(vec![Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge]);
            (ops, times)
                .prop_map(move |(op, ns)| Comparison {
                    field: field.clone(),
                    op,
                    value: Value::Time(ns),
                })
                .boxed()
        } else if field == Field::Severity {
            prop_oneof![
                (text_ops, text_strategy()).prop_map(|(op, t)| Comparison {
                    field: Field::Severity,
                    op,
                    value: Value::Text(t)
                }),
                (ordering, prop::sample::select(Severity::ALL.to_vec())).prop_map(|(op, s)| {
                    Comparison {
                        field: Field::Severity,
                        op,
                        value: Value::Severity(s),
                    }
                }),
            ]
            .boxed()
        } else {
            (text_ops, text_strategy())
                .prop_map(move |(op, t)| Comparison {
                    field: field.clone(),
                    op,
                    value: Value::Text(t),
                })
                .boxed()
        }
    })
}

fn expr_strategy() -> impl Strategy<Value = Expr> {
    comparison_strategy()
        .prop_map(Expr::Compare)
        .prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
                prop::collection::vec(inner.clone(), 2..5).prop_map(Expr::And),
                prop::collection::vec(inner, 2..5).prop_map(Expr::Or),
            ]
        })
}

/// Filter-shaped noise: tokens of the language in random order.
fn filterish() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        " ",
        "AND",
        "OR",
        "NOT",
        "-",
        "(",
        ")",
        "category",
        "severity",
        "event_time",
        "eventTime",
        "source_properties.K",
        "sourceProperties.",
        "container.name",
        "=",
        "!=",
        ":",
        "<",
        "<=",
        ">",
        ">=",
        "==",
        "\"x\"",
        "\"",
        "\\",
        "'",
        "HIGH",
        "4444",
        "-5",
        "\"2026-11-01T00:00:00Z\"",
        "\"2026-11-01T00:00:00.5+01:00\"",
        "ü",
        "99999999999999999999",
        "\"\\\"\"",
        "\n",
    ]);
    prop::collection::vec(token, 0..24).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = parse(&s);
        let _ = order_by(&s);
    }

    #[test]
    fn parse_never_panics_on_filterish_text(s in filterish()) {
        if let Ok(Some(e)) = parse(&s) {
            // Whatever parses prints back to itself and compiles to well-formed placeholders.
            prop_assert_eq!(parse(&e.to_string()), Ok(Some(e.clone())));
            let f = to_sql(&e, Dialect::Postgres, 1);
            check_placeholders(&f.sql, '$', 1, f.params.len());
        }
    }

    #[test]
    fn errors_point_inside_the_input(s in filterish()) {
        if let Err(e) = parse(&s) {
            prop_assert!(e.column >= 1 && e.column <= s.chars().count() + 1, "{:?}: {}", s, e);
        }
    }

    #[test]
    fn printing_then_parsing_gives_the_same_tree(e in expr_strategy()) {
        let printed = e.to_string();
        prop_assert_eq!(parse(&printed), Ok(Some(e.clone())), "{}", printed);
        for (dialect, sigil) in [(Dialect::Sqlite, '?'), (Dialect::Postgres, '$')] {
            let f = to_sql(&e, dialect, 3);
            check_placeholders(&f.sql, sigil, 3, f.params.len());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// SQLite, through the compiled SQL, agrees with a reference evaluator on every fixture row.
    #[test]
    fn sqlite_agrees_with_the_reference_evaluator(e in expr_strategy()) {
        thread_local! {
            static DB: rusqlite::Connection = sqlite_db();
        }
        let want: Vec<u32> = fixture().iter().filter(|f| eval(&e, f)).map(|f| f.id).collect();
        // Every way the store may write the filter for SQLite's planner.
        for (properties_exists, expand_category_has) in [(false, false), (true, false), (false, true), (true, true)] {
            let options = shrike_store::filter::SqlOptions { properties_exists, expand_category_has };
            let got = DB.with(|conn| sqlite_run_with(conn, Some(&e), options)).map_err(|err| TestCaseError::fail(format!("{e} {options:?}: {err}")))?;
            prop_assert_eq!(&got, &want, "{} {:?}", e, options);
        }
    }
}
