//! How many findings a list query matches, from counts kept as findings are stored.
//!
//! `totalSize` is exact, and counting it row by row is what made broad filters slow: a million
//! findings took about a second to count for `state="ACTIVE"`, whatever the page. So both
//! backends keep `finding_counts`: how many findings there are per minute of event time
//! ([`BUCKET_NS`]) and per value of the fields the console filters on most (parent, category,
//! module, state, severity, mute, container name and image). Insertion adds to it in the same
//! transaction as the findings, and a state or mute change moves one finding from one key to
//! another, so the counts are always those of the stored findings.
//!
//! [`plan`] answers a query from these counts when its filter reads only those fields, plus at
//! most one event-time range at its top level. The filter's own SQL then runs over the counts'
//! rows, whose columns are named like the findings' (hundreds of rows for a million findings
//! instead of a million). The minutes the range covers whole are summed from the counts; the
//! part of a minute at either end of the range is counted from the findings by the event-time
//! index, so the result is exact to the nanosecond. Anything else (source properties, names,
//! resources, free text) is counted from the findings as before.

use crate::filter::{self, Dialect, Expr, Field, Op, SqlParam, Value};
use crate::{ListQuery, Row};

/// The counts' time bucket: one minute of event time.
pub(crate) const BUCKET_NS: i64 = 60_000_000_000;

/// The start of the bucket holding `ns` (buckets start at multiples of [`BUCKET_NS`] since the
/// epoch; earlier times round down too). Saturates at the far end of `i64`, which no stored
/// time reaches (RFC 3339 times that far from 1970 are refused when parsed).
pub(crate) fn bucket_of(ns: i64) -> i64 {
    ns.saturating_sub(ns.rem_euclid(BUCKET_NS))
}

/// SQL for the bucket of `event_time_ns`, as [`bucket_of`] computes it (both dialects' `%`
/// truncates towards zero).
pub(crate) const BUCKET_SQL: &str =
    "event_time_ns - (((event_time_ns % 60000000000) + 60000000000) % 60000000000)";

/// The columns of a counts row, in the order [`CountKey::values`] gives them.
pub(crate) const KEY_COLUMNS: &str =
    "bucket_ns, parent, category, module_name, state, severity, mute, container_name, container_image";

/// What one row of `finding_counts` counts. A finding without a container counts under the empty
/// container name and image, which is how the filter reads it (`COALESCE(container_name, '')`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct CountKey {
    pub bucket_ns: i64,
    pub parent: String,
    pub category: String,
    pub module_name: String,
    pub state: String,
    pub severity: String,
    pub mute: String,
    pub container_name: String,
    pub container_image: String,
}

impl CountKey {
    /// The key a stored finding counts under.
    pub(crate) fn of(row: &Row) -> Self {
        CountKey {
            bucket_ns: bucket_of(row.event_time_ns),
            parent: row.parent.clone(),
            category: row.category.clone(),
            module_name: row.module_name.clone(),
            state: row.state.clone(),
            severity: row.severity.clone(),
            mute: row.mute.clone(),
            container_name: row.container_name.clone().unwrap_or_default(),
            container_image: row.container_image.clone().unwrap_or_default(),
        }
    }

    /// The text columns after `bucket_ns`, in [`KEY_COLUMNS`] order.
    pub(crate) fn texts(&self) -> [&str; 8] {
        [
            &self.parent,
            &self.category,
            &self.module_name,
            &self.state,
            &self.severity,
            &self.mute,
            &self.container_name,
            &self.container_image,
        ]
    }
}

/// One statement of a count: its single integer result is added to the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    pub sql: String,
    pub params: Vec<SqlParam>,
}

/// Whether `e` reads only fields `finding_counts` keeps, and no time.
fn countable(e: &Expr) -> bool {
    match e {
        Expr::Compare(c) => matches!(
            c.field,
            Field::Category
                | Field::State
                | Field::Severity
                | Field::Mute
                | Field::ModuleName
                | Field::Parent
                | Field::ContainerName
                | Field::ContainerImage
        ),
        Expr::Not(inner) => countable(inner),
        Expr::And(items) | Expr::Or(items) => items.iter().all(countable),
    }
}

/// The operands of a conjunction, nested `AND`s flattened.
pub(crate) fn conjuncts<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::And(items) => items.iter().for_each(|i| conjuncts(i, out)),
        other => out.push(other),
    }
}

/// A query the counts can answer: the filter's counted conjuncts (`rest`) and its event-time
/// range, both ends included.
pub(crate) struct Plan<'q> {
    query: &'q ListQuery,
    rest: Vec<Expr>,
    lo: i64,
    hi: i64,
}

/// Where a part of the time range is counted: whole buckets from the counts, the partial
/// minutes at the ends from the findings. Both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Counts { from: i64, to: i64 },
    Findings { from: i64, to: i64 },
}

/// How [`Plan::statement`] reads a part.
struct Select<'a> {
    /// The select list over `finding_counts`, then over `findings`; `{t}` is replaced by
    /// `bucket_ns` or `event_time_ns`.
    counts: &'a str,
    findings: &'a str,
    /// Parameters the select list uses, numbered after the WHERE clause's: `{p1}`, `{p2}`, ….
    params: &'a [SqlParam],
    /// `GROUP BY …`, or empty.
    group_by: &'a str,
}

/// The query's plan over the counts, or `None` when the counts cannot answer it (see the
/// module documentation).
pub(crate) fn plan<'q>(query: &'q ListQuery, expr: Option<&Expr>) -> Option<Plan<'q>> {
    if query.text.as_deref().is_some_and(|t| !t.is_empty()) || query.created_after_ns.is_some() {
        return None;
    }
    let (mut lo, mut hi) = (i64::MIN, i64::MAX);
    let mut rest: Vec<Expr> = Vec::new();
    if let Some(expr) = expr {
        let mut parts = Vec::new();
        conjuncts(expr, &mut parts);
        for part in parts {
            match part {
                Expr::Compare(c) if c.field == Field::EventTime => {
                    let Value::Time(t) = c.value else {
                        return None;
                    };
                    match c.op {
                        Op::Eq => {
                            lo = lo.max(t);
                            hi = hi.min(t);
                        }
                        Op::Ge => lo = lo.max(t),
                        Op::Gt => lo = lo.max(t.checked_add(1)?),
                        Op::Le => hi = hi.min(t),
                        Op::Lt => hi = hi.min(t.checked_sub(1)?),
                        Op::Ne | Op::Has => return None,
                    }
                }
                other if countable(other) => rest.push(other.clone()),
                _ => return None,
            }
        }
    }
    Some(Plan {
        query,
        rest,
        lo,
        hi,
    })
}

impl Plan<'_> {
    /// The parts of the time range: whole buckets from the first that starts at or after `lo`
    /// to the last that ends at or before `hi`, and what is left at either end (i128: no
    /// overflow at the ends of `i64`). Empty when the range is.
    fn parts(&self) -> Vec<Part> {
        let (lo, hi) = (self.lo, self.hi);
        if lo > hi {
            return Vec::new();
        }
        let b = i128::from(BUCKET_NS);
        let first = if lo == i64::MIN {
            i128::from(i64::MIN)
        } else {
            let start = i128::from(bucket_of(lo));
            if start == i128::from(lo) {
                start
            } else {
                start + b
            }
        };
        // The start of the bucket after the last whole one.
        let end = if hi == i64::MAX {
            i128::from(i64::MAX) + 1
        } else {
            let start = i128::from(bucket_of(hi));
            if i128::from(hi) - start == b - 1 {
                start + b
            } else {
                start
            }
        };
        let narrow = |v: i128| i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
        if first >= end {
            return vec![Part::Findings { from: lo, to: hi }];
        }
        let mut parts = vec![Part::Counts {
            from: if lo == i64::MIN { lo } else { narrow(first) },
            to: if hi == i64::MAX { hi } else { narrow(end - b) },
        }];
        if i128::from(lo) < first && lo != i64::MIN {
            parts.push(Part::Findings {
                from: lo,
                to: narrow(first - 1),
            });
        }
        if i128::from(hi) >= end && hi != i64::MAX {
            parts.push(Part::Findings {
                from: narrow(end),
                to: hi,
            });
        }
        parts
    }

    /// The statement that reads `part` as `select` says.
    fn statement(&self, part: Part, dialect: Dialect, select: &Select<'_>) -> Statement {
        let mut clauses = Vec::new();
        let mut params = Vec::new();
        if !self.rest.is_empty() {
            let f = filter::to_sql(&Expr::And(self.rest.clone()), dialect, 1);
            clauses.push(format!("({})", f.sql));
            params.extend(f.params);
        }
        crate::scope_conditions(self.query, dialect, &mut clauses, &mut params);
        let (table, column, list, from, to) = match part {
            Part::Counts { from, to } => ("finding_counts", "bucket_ns", select.counts, from, to),
            Part::Findings { from, to } => (
                // The ends are a minute at most: walk the event-time index over them.
                match dialect {
                    Dialect::Sqlite => "findings INDEXED BY findings_event_time",
                    Dialect::Postgres => "findings",
                },
                "event_time_ns",
                select.findings,
                from,
                to,
            ),
        };
        if from != i64::MIN {
            params.push(SqlParam::Int(from));
            clauses.push(format!(
                "{column} >= {}",
                crate::placeholder(dialect, params.len())
            ));
        }
        if to != i64::MAX {
            params.push(SqlParam::Int(to));
            clauses.push(format!(
                "{column} <= {}",
                crate::placeholder(dialect, params.len())
            ));
        }
        let mut list = list.replace("{t}", column);
        for (i, p) in select.params.iter().enumerate() {
            params.push(p.clone());
            list = list.replace(
                &format!("{{p{}}}", i + 1),
                &crate::placeholder(dialect, params.len()),
            );
        }
        Statement {
            sql: format!(
                "SELECT {list} FROM {table} {} {}",
                crate::where_sql(&clauses),
                select.group_by
            ),
            params,
        }
    }

    /// One statement per part of the time range, each reading it as `select` says.
    fn statements(&self, dialect: Dialect, select: &Select<'_>) -> Vec<Statement> {
        self.parts()
            .into_iter()
            .map(|p| self.statement(p, dialect, select))
            .collect()
    }

    /// Statements whose single integer results add up to the number of matching findings
    /// (none when the time range is empty).
    pub(crate) fn total(&self, dialect: Dialect) -> Vec<Statement> {
        let select = Select {
            counts: match dialect {
                Dialect::Sqlite => "coalesce(sum(n), 0)",
                Dialect::Postgres => "coalesce(sum(n), 0)::bigint",
            },
            findings: "count(*)",
            params: &[],
            group_by: "",
        };
        self.statements(dialect, &select)
    }

    /// Statements each giving one row (earliest, latest event time, both possibly NULL) whose
    /// extremes bound the matching findings' event times: to a bucket for the whole buckets,
    /// exactly for the ends.
    pub(crate) fn span(&self, dialect: Dialect) -> Vec<Statement> {
        let select = Select {
            counts: "min({t}), max({t}) + 59999999999",
            findings: "min({t}), max({t})",
            params: &[],
            group_by: "",
        };
        self.statements(dialect, &select)
    }

    /// Statements giving rows (bin, category, findings) that add up to the matching findings
    /// per category in bins of `step` ns from `start` (`start` a bucket's start and `step` a
    /// whole number of buckets, so that no bucket straddles two bins).
    pub(crate) fn histogram(&self, dialect: Dialect, start: i64, step: i64) -> Vec<Statement> {
        let sum = match dialect {
            Dialect::Sqlite => "sum(n)",
            Dialect::Postgres => "sum(n)::bigint",
        };
        let counts = format!("({{t}} - {{p1}}) / {{p2}}, category, {sum}");
        let select = Select {
            counts: &counts,
            findings: "({t} - {p1}) / {p2}, category, count(*)",
            params: &[SqlParam::Int(start), SqlParam::Int(step)],
            group_by: "GROUP BY 1, 2",
        };
        self.statements(dialect, &select)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;

    fn planned(filter: &str) -> Option<Vec<Statement>> {
        let q = ListQuery {
            filter: Some(filter.into()),
            ..ListQuery::default()
        };
        let expr = filter::parse(filter).unwrap();
        plan(&q, expr.as_ref()).map(|p| p.total(Dialect::Sqlite))
    }

    #[test]
    fn buckets_round_down_on_both_sides_of_the_epoch() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(BUCKET_NS - 1), 0);
        assert_eq!(bucket_of(BUCKET_NS), BUCKET_NS);
        assert_eq!(bucket_of(-1), -BUCKET_NS);
        assert_eq!(bucket_of(i64::MIN), i64::MIN);
        assert_eq!(
            bucket_of(i64::MAX),
            i64::MAX - i64::MAX.rem_euclid(BUCKET_NS)
        );
    }

    #[test]
    fn only_filters_over_counted_fields_and_one_time_range_are_planned() {
        assert_eq!(planned("").unwrap().len(), 1);
        assert_eq!(planned(r#"state="ACTIVE""#).unwrap().len(), 1);
        assert_eq!(
            planned(r#"container.name:"app" AND NOT (category="A" OR severity>=HIGH)"#)
                .unwrap()
                .len(),
            1
        );
        assert!(planned(r#"source_properties.Port=4444"#).is_none());
        assert!(planned(r#"resource.name="x""#).is_none());
        assert!(planned(r#"state="ACTIVE" OR event_time > "2026-11-23T18:00:00Z""#).is_none());
        assert!(planned(r#"NOT event_time > "2026-11-23T18:00:00Z""#).is_none());
        assert!(planned(r#"event_time != "2026-11-23T18:00:00Z""#).is_none());
        let q = ListQuery {
            text: Some("whoami".into()),
            ..ListQuery::default()
        };
        assert!(plan(&q, None).is_none());
    }

    #[test]
    fn a_time_range_is_whole_minutes_from_the_counts_and_its_ends_from_the_findings() {
        // 18:00:30 to 18:05:10: minutes 18:01 … 18:04 whole, two partial ends.
        let s = planned(
            r#"event_time >= "2026-11-23T18:00:30Z" AND event_time < "2026-11-23T18:05:10Z""#,
        )
        .unwrap();
        assert_eq!(s.len(), 3);
        assert!(s[0].sql.contains("FROM finding_counts"), "{}", s[0].sql);
        let minute = |m: i64| 1_795_456_800_000_000_000 + m * BUCKET_NS;
        assert_eq!(
            s[0].params,
            [SqlParam::Int(minute(1)), SqlParam::Int(minute(4))]
        );
        assert_eq!(
            s[1].params,
            [
                SqlParam::Int(minute(0) + 30_000_000_000),
                SqlParam::Int(minute(1) - 1)
            ]
        );
        assert_eq!(
            s[2].params,
            [
                SqlParam::Int(minute(5)),
                SqlParam::Int(minute(5) + 10_000_000_000 - 1)
            ]
        );
        // Aligned ends: the counts alone.
        let s = planned(
            r#"category="Reverse Shell" event_time >= "2026-11-23T18:00:00Z" event_time < "2026-11-23T19:00:00Z""#,
        )
        .unwrap();
        assert_eq!(s.len(), 1);
        // Inside one minute: the findings alone; an empty range: nothing.
        let s = planned(
            r#"event_time >= "2026-11-23T18:00:01Z" AND event_time <= "2026-11-23T18:00:02Z""#,
        )
        .unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].sql.contains("FROM findings"), "{}", s[0].sql);
        assert!(planned(
            r#"event_time > "2026-11-23T18:00:02Z" AND event_time < "2026-11-23T18:00:01Z""#
        )
        .unwrap()
        .is_empty());
    }
}
