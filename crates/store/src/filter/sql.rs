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
    /// The expression tests a source property (reads the `finding_properties` side table).
    pub reads_properties: bool,
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
/// - Source properties are read as text from the `finding_properties` side table (filled on
///   insert, `KEY` bound as a parameter): `id IN (SELECT id FROM finding_properties WHERE
///   key = ?K AND (value OP ?V))` (PostgreSQL: `name IN (SELECT name …)`), or `NOT IN … NOT (…)`
///   when a missing property (`''`) passes the test. A number compares as its decimal text (`4444`), a boolean as `true`/`false`, a
///   missing or null property as `''`. (Fractional numbers, huge integers and nested objects may
///   print differently in the two databases.)
pub fn to_sql(expr: &Expr, dialect: Dialect, first_param: usize) -> SqlFilter {
    to_sql_with(expr, dialect, first_param, SqlOptions::default())
}

/// Other ways to write the same test, which lead SQLite's planner elsewhere (the results are the
/// same; `tests/filter.rs` checks every way against a reference evaluator).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SqlOptions {
    /// SQLite: test source properties with a correlated `EXISTS (… p.id = findings.id)` instead
    /// of `id IN (…)`. `IN` lets the property's matches drive the query (good when they are
    /// few); `EXISTS` probes the side table for findings another index found.
    pub properties_exists: bool,
    /// SQLite: a `category:` substring test becomes `category IN (the stored categories that
    /// contain it)`, which the category index can serve; the categories are found by skipping
    /// through that index (a few dozen steps). Only for queries over the `findings` table.
    pub expand_category_has: bool,
}

/// [`to_sql`], written as `options` say.
pub fn to_sql_with(
    expr: &Expr,
    dialect: Dialect,
    first_param: usize,
    options: SqlOptions,
) -> SqlFilter {
    let mut b = Builder {
        dialect,
        options,
        next: first_param.max(1),
        sql: String::new(),
        params: Vec::new(),
        reads_properties: false,
    };
    b.expr(expr);
    SqlFilter {
        sql: b.sql,
        params: b.params,
        reads_properties: b.reads_properties,
    }
}

struct Builder {
    dialect: Dialect,
    options: SqlOptions,
    next: usize,
    sql: String,
    params: Vec<SqlParam>,
    reads_properties: bool,
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

    /// The text-valued SQL column for `field`. A source property is the `value` column of the
    /// `finding_properties` side table, which [`Builder::property`] queries.
    fn column(field: &Field) -> &'static str {
        match field {
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
            Field::SourceProperty(_) => "value",
        }
    }

    fn compare(&mut self, c: &Comparison) {
        if let Field::SourceProperty(key) = &c.field {
            self.property(key, c.op, &c.value);
            return;
        }
        if let (Field::Category, Op::Has, Dialect::Sqlite, true) = (
            &c.field,
            c.op,
            self.dialect,
            self.options.expand_category_has,
        ) {
            // The distinct categories, one index seek each, that pass the same test.
            self.push(
                "category IN (WITH RECURSIVE c(v) AS (SELECT (SELECT min(category) FROM findings) \
                 UNION ALL SELECT (SELECT min(category) FROM findings WHERE category > c.v) FROM c \
                 WHERE c.v IS NOT NULL) SELECT v FROM c WHERE v IS NOT NULL AND ",
            );
            self.test("v", Op::Has, &c.value);
            self.push(")");
            return;
        }
        self.test(Self::column(&c.field), c.op, &c.value);
    }

    /// A source-property comparison through the `finding_properties` side table (one row per
    /// finding and key, no row for a missing or null property, which compares as `''`). When
    /// `'' OP value` is false the finding must have a matching row; when it is true (`= ""`,
    /// `!= "x"`, `<= "x"`, `: ""`), the finding must not have a row that fails the test. Each
    /// finding has at most one row per key, so both read exactly like comparing the property's
    /// text (or `''`) directly, and both are index lookups on `(key, value)`.
    fn property(&mut self, key: &str, op: Op, value: &Value) {
        self.reads_properties = true;
        let empty_matches = empty_matches(op, value);
        if self.dialect == Dialect::Sqlite && self.options.properties_exists {
            self.push(if empty_matches {
                "NOT EXISTS (SELECT 1 FROM finding_properties p WHERE p.key = "
            } else {
                "EXISTS (SELECT 1 FROM finding_properties p WHERE p.key = "
            });
            self.text_param(key);
            self.push(" AND p.id = findings.id AND ");
            if empty_matches {
                self.push("NOT ");
            }
            self.push("(");
            self.test("p.value", op, value);
            self.push("))");
            return;
        }
        // SQLite's side table refers to findings by integer id, PostgreSQL's by name.
        self.push(match (self.dialect, empty_matches) {
            (Dialect::Sqlite, true) => "id NOT IN (SELECT id FROM finding_properties WHERE key = ",
            (Dialect::Sqlite, false) => "id IN (SELECT id FROM finding_properties WHERE key = ",
            (Dialect::Postgres, true) => {
                "name NOT IN (SELECT name FROM finding_properties WHERE key = "
            }
            (Dialect::Postgres, false) => {
                "name IN (SELECT name FROM finding_properties WHERE key = "
            }
        });
        self.text_param(key);
        if let (Dialect::Postgres, Op::Eq, false) = (self.dialect, op, empty_matches) {
            // Lets PostgreSQL use its (key, left(value, 256)) index for equality.
            self.push(" AND left(value, 256) = left(");
            self.value(value);
            self.push(", 256)");
        }
        self.push(if empty_matches {
            " AND NOT ("
        } else {
            " AND ("
        });
        self.test("value", op, value);
        self.push("))");
    }

    /// `column OP value` (severity orderings become an `IN` list; `:` a case-insensitive
    /// substring test).
    fn test(&mut self, column: &str, op: Op, value: &Value) {
        match (value, op) {
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
                self.push(column);
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
                self.push(column);
                self.push("), lower(");
                self.value(value);
                self.push(")) > 0");
            }
            (value, op) => {
                self.push(column);
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

/// Whether a missing property (read as `''`) passes `'' OP value`.
fn empty_matches(op: Op, value: &Value) -> bool {
    match value {
        Value::Text(v) => match op {
            Op::Eq | Op::Ge | Op::Has => v.is_empty(),
            Op::Ne | Op::Lt => !v.is_empty(),
            Op::Le => true,
            Op::Gt => false,
        },
        // The parser gives source properties text values only; a time or severity could not
        // equal the empty text.
        Value::Time(_) | Value::Severity(_) => false,
    }
}

/// For a source-property comparison that only findings having the property can pass (`'' OP
/// value` is false), the test of one `finding_properties` row: `key = ?N AND (value OP ?M)`,
/// numbered from `first_param`. `None` for a comparison a finding without the property passes.
pub fn property_row_test(
    key: &str,
    op: Op,
    value: &Value,
    dialect: Dialect,
    first_param: usize,
) -> Option<SqlFilter> {
    if empty_matches(op, value) {
        return None;
    }
    let mut b = Builder {
        dialect,
        options: SqlOptions::default(),
        next: first_param.max(1),
        sql: String::new(),
        params: Vec::new(),
        reads_properties: true,
    };
    b.push("key = ");
    b.text_param(key);
    b.push(" AND (");
    b.test("value", op, value);
    b.push(")");
    Some(SqlFilter {
        sql: b.sql,
        params: b.params,
        reads_properties: true,
    })
}
