//! Compiles an [`Expr`] to a parameterised SQL boolean expression.
//!
//! Field names select fixed column expressions from a closed set; every value (and every
//! source-property key) becomes a bound parameter, never SQL text.

use super::{Comparison, Expr, Field, Op, Severity, Value};
use std::fmt::Write as _;

/// The SQL dialect to compile for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite: `?N` placeholders, `envelope` is JSON text.
    Sqlite,
    /// PostgreSQL: `$N` placeholders, `envelope` is JSONB.
    Postgres,
}

/// A bound parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SqlParam {
    /// Bind as text (`TEXT`).
    Text(String),
    /// Bind as a 64-bit integer (`INTEGER` / `BIGINT`).
    Int(i64),
}

/// A compiled filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlFilter {
    /// A boolean SQL expression over the `findings` table, to follow `WHERE` (it is safe to
    /// combine with `AND`: every `OR` it holds is parenthesised). Its placeholders are numbered
    /// consecutively from `first_param`, each used once, in order of appearance.
    pub sql: String,
    /// The values of those placeholders, in order: `params[i]` binds placeholder `first_param + i`.
    pub params: Vec<SqlParam>,
}

/// `AND`/`OR` lists longer than this are split into nested groups, so that very long lists
/// (`name="a" OR name="b" OR …` by the thousand) stay within SQLite's expression-depth limit.
const GROUP: usize = 16;

/// SQL for a severity's rank (`LOW` 1 … `CRITICAL` 4, anything else 0); `order_by` sorts with it.
pub(super) const SEVERITY_RANK_SQL: &str =
    "CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END";

/// Compiles `expr` for `dialect`, numbering placeholders from `first_param` (`?1` / `$1` when it
/// is 1; 0 is taken as 1).
///
/// - `=`, `!=`, `<`, `<=`, `>`, `>=` compare columns directly (`<>` for `!=`); timestamps compare
///   as integer nanoseconds.
/// - `:` is a case-insensitive substring test without `LIKE`, so `%` and `_` are literal:
///   `instr(lower(col), lower(?N)) > 0` (SQLite) or `strpos(lower(col), lower($N)) > 0`
///   (PostgreSQL). SQLite's `lower` folds ASCII letters only; PostgreSQL's follows the database
///   locale.
/// - Severity ordering becomes an `IN` list of the qualifying severities (as parameters).
/// - The nullable container columns are read as `COALESCE(col, '')`, so `=` on a finding without
///   a container is false (unless the value is empty) and `!=` / `NOT` are true.
/// - Source properties are read as text — SQLite
///   `COALESCE(CASE json_type(envelope, ?N) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
///   ELSE CAST(json_extract(envelope, ?M) AS TEXT) END, '')` with the JSON path
///   `$.finding.sourceProperties.KEY` bound twice; PostgreSQL
///   `COALESCE(envelope->'finding'->'sourceProperties'->>$N, '')` with `KEY` bound — so a number
///   compares as its decimal text (`4444`), a boolean as `true`/`false`, a missing key as `''`.
///   (Fractional numbers, huge integers and nested objects may print differently in the two
///   databases.)
pub fn to_sql(expr: &Expr, dialect: Dialect, first_param: usize) -> SqlFilter {
    let mut b = Builder {
        dialect,
        next: first_param.max(1),
        sql: String::new(),
        params: Vec::new(),
    };
    b.expr(expr);
    SqlFilter {
        sql: b.sql,
        params: b.params,
    }
}

struct Builder {
    dialect: Dialect,
    next: usize,
    sql: String,
    params: Vec<SqlParam>,
}

impl Builder {
    /// Appends a placeholder bound to `value`.
    fn param(&mut self, value: SqlParam) {
        let sigil = match self.dialect {
            Dialect::Sqlite => '?',
            Dialect::Postgres => '$',
        };
        let _ = write!(self.sql, "{sigil}{}", self.next);
        self.next += 1;
        self.params.push(value);
    }

    fn text_param(&mut self, value: &str) {
        self.param(SqlParam::Text(value.to_owned()));
    }

    fn push(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Compare(c) => self.compare(c),
            Expr::Not(inner) => {
                self.push("NOT (");
                self.expr(inner);
                self.push(")");
            }
            Expr::And(items) => self.list(items, " AND ", "(1 = 1)"),
            Expr::Or(items) => self.list(items, " OR ", "(1 = 0)"),
        }
    }

    /// `(a OP b OP …)`; more than [`GROUP`] operands are split into up to [`GROUP`] nested groups.
    fn list(&mut self, items: &[Expr], sep: &str, empty: &str) {
        match items {
            [] => self.push(empty),
            [only] => self.expr(only),
            _ if items.len() <= GROUP => {
                self.push("(");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(sep);
                    }
                    self.expr(item);
                }
                self.push(")");
            }
            _ => {
                let size = items.len().div_ceil(GROUP);
                self.push("(");
                for (i, chunk) in items.chunks(size).enumerate() {
                    if i > 0 {
                        self.push(sep);
                    }
                    self.list(chunk, sep, empty);
                }
                self.push(")");
            }
        }
    }

    /// Appends the text-valued SQL expression for `field` (binding a parameter for a source property).
    fn text_column(&mut self, field: &Field) {
        let column = match field {
            Field::Category => "category",
            Field::State => "state",
            Field::Severity => "severity",
            Field::Mute => "mute",
            Field::ModuleName => "module_name",
            Field::Name => "name",
            Field::Parent => "parent",
            Field::EventTime => "event_time_ns",
            Field::CreateTime => "create_time_ns",
            Field::ResourceName => "resource_name",
            Field::ResourceType => "resource_type",
            Field::ResourceDisplayName => "resource_display_name",
            Field::ResourceProjectDisplayName => "project_display_name",
            Field::ContainerName => "COALESCE(container_name, '')",
            Field::ContainerImage => "COALESCE(container_image, '')",
            Field::SourceProperty(key) => {
                match self.dialect {
                    Dialect::Sqlite => {
                        let path = format!("$.finding.sourceProperties.{key}");
                        self.push("COALESCE(CASE json_type(envelope, ");
                        self.text_param(&path);
                        self.push(") WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(envelope, ");
                        self.text_param(&path);
                        self.push(") AS TEXT) END, '')");
                    }
                    Dialect::Postgres => {
                        self.push("COALESCE(envelope->'finding'->'sourceProperties'->>");
                        self.text_param(key);
                        self.push(", '')");
                    }
                }
                return;
            }
        };
        self.push(column);
    }

    fn compare(&mut self, c: &Comparison) {
        match (&c.value, c.op) {
            (Value::Severity(s), op) if op.is_ordering() => {
                let wanted: Vec<Severity> = Severity::ALL
                    .into_iter()
                    .filter(|v| match op {
                        Op::Lt => v < s,
                        Op::Le => v <= s,
                        Op::Gt => v > s,
                        _ => v >= s,
                    })
                    .collect();
                if wanted.is_empty() {
                    self.push("(1 = 0)");
                    return;
                }
                self.text_column(&c.field);
                self.push(" IN (");
                for (i, v) in wanted.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.text_param(v.as_str());
                }
                self.push(")");
            }
            (value, Op::Has) => {
                self.push(match self.dialect {
                    Dialect::Sqlite => "instr(lower(",
                    Dialect::Postgres => "strpos(lower(",
                });
                self.text_column(&c.field);
                self.push("), lower(");
                self.value(value);
                self.push(")) > 0");
            }
            (value, op) => {
                self.text_column(&c.field);
                self.push(match op {
                    Op::Eq | Op::Has => " = ",
                    Op::Ne => " <> ",
                    Op::Lt => " < ",
                    Op::Le => " <= ",
                    Op::Gt => " > ",
                    Op::Ge => " >= ",
                });
                self.value(value);
            }
        }
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Text(t) => self.text_param(t),
            Value::Time(ns) => self.param(SqlParam::Int(*ns)),
            Value::Severity(s) => self.text_param(s.as_str()),
        }
    }
}
