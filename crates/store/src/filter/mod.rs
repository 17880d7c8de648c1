//! Security Command Center's findings filter language, parsed and compiled to parameterised SQL.
//!
//! A filter is clauses `FIELD OP VALUE` combined with `AND`, `OR`, `NOT` (or a `-` prefix) and
//! parentheses; adjacent clauses are implicitly `AND`ed. `NOT`/`-` binds tightest, then `AND`,
//! then `OR`, as in most languages (note: AIP-160's grammar binds `OR` tighter than `AND`; this
//! implementation follows the conventional order). Keywords are upper-case.
//!
//! ```text
//! category="Reverse Shell" AND severity>=HIGH AND -state="INACTIVE"
//! (event_time > "2026-11-01T00:00:00Z" OR createTime >= 1793491200000) container.name:"api"
//! source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port = 4444
//! ```
//!
//! Operators: `=`, `!=`, `:` (has: case-insensitive substring), and, on ordered fields only,
//! `<`, `<=`, `>`, `>=`. Values are double-quoted strings (escapes `\"` and `\\`), bare words or
//! integers. Fields (snake_case or SCC's camelCase):
//!
//! | field | notes |
//! | --- | --- |
//! | `category`, `state`, `mute`, `name`, `parent`, `module_name`/`moduleName` | text |
//! | `severity` | text; ordered LOW < MEDIUM < HIGH < CRITICAL for `<`, `<=`, `>`, `>=` (other values such as `SEVERITY_UNSPECIFIED` never match an ordering comparison) |
//! | `event_time`/`eventTime`, `create_time`/`createTime` | RFC 3339 string or integer milliseconds since the epoch; compared in nanoseconds; no `:` |
//! | `resource.name` (= `resource_name`/`resourceName`), `resource.type`, `resource.display_name`/`resource.displayName`, `resource.project_display_name`/`resource.projectDisplayName` | text |
//! | `container.name`/`containers.name`, `container.image`/`container.uri`/`containers.uri` | text; a finding without a container compares as the empty string |
//! | `source_properties.KEY`/`sourceProperties.KEY`, KEY in `[A-Za-z0-9_]+` | compared as text: strings as they are, numbers as their decimal text (`= 4444` matches the JSON number 4444 and the string "4444"), booleans as `true`/`false`; a missing property compares as the empty string |
//!
//! [`parse`] turns a filter into an [`Expr`] (or `None` for an empty filter, which matches every
//! finding); [`to_sql`] compiles it for SQLite or PostgreSQL. Field names only ever select fixed
//! column expressions; every value, and every source-property key, is a bound parameter.
//! [`order_by`] parses an `orderBy` list the same way.

mod lexer;
mod order;
mod parser;
mod sql;
pub(crate) mod timestamp;

use std::borrow::Cow;
use std::fmt;

pub use order::{order_by, OrderBy, OrderField, OrderKey};
pub use sql::{property_row_test, to_sql, to_sql_with, Dialect, SqlFilter, SqlOptions, SqlParam};

/// How deeply parentheses and `NOT`/`-` may nest. Deeper filters are refused, which bounds the
/// parser's recursion and the depth of the SQL it produces.
pub const MAX_DEPTH: usize = 32;

/// A malformed filter or `orderBy` list, with the 1-based character column of the offending token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct FilterError {
    /// 1-based column, counted in characters (not bytes), of the token at fault.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A finding field a clause can test.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// `category`.
    Category,
    /// `state` (`ACTIVE`, `INACTIVE`).
    State,
    /// `severity` (`LOW`, `MEDIUM`, `HIGH`, `CRITICAL`), the one ordered text field.
    Severity,
    /// `mute` (`MUTED`, `UNMUTED`, `UNDEFINED`).
    Mute,
    /// `module_name` / `moduleName`.
    ModuleName,
    /// `name`, the finding's full name.
    Name,
    /// `parent`, the source the finding belongs to.
    Parent,
    /// `event_time` / `eventTime`.
    EventTime,
    /// `create_time` / `createTime`.
    CreateTime,
    /// `resource.name`, also spelt `resource_name` / `resourceName`.
    ResourceName,
    /// `resource.type`.
    ResourceType,
    /// `resource.display_name` / `resource.displayName`.
    ResourceDisplayName,
    /// `resource.project_display_name` / `resource.projectDisplayName`.
    ResourceProjectDisplayName,
    /// `container.name` / `containers.name` (the finding's first container).
    ContainerName,
    /// `container.image` / `container.uri` / `containers.uri` (the first container's image).
    ContainerImage,
    /// `source_properties.KEY` / `sourceProperties.KEY`; the key matches `[A-Za-z0-9_]+`.
    SourceProperty(String),
}

/// Every fixed field spelling and what it means.
const FIELD_NAMES: &[(&str, Field)] = &[
    ("category", Field::Category),
    ("state", Field::State),
    ("severity", Field::Severity),
    ("mute", Field::Mute),
    ("module_name", Field::ModuleName),
    ("moduleName", Field::ModuleName),
    ("name", Field::Name),
    ("parent", Field::Parent),
    ("event_time", Field::EventTime),
    ("eventTime", Field::EventTime),
    ("create_time", Field::CreateTime),
    ("createTime", Field::CreateTime),
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
];

/// Prefixes of source-property fields.
const SOURCE_PROPERTY_PREFIXES: &[&str] = &["source_properties.", "sourceProperties."];

/// Whether `key` is a valid source-property key: `[A-Za-z0-9_]+`.
pub fn is_valid_property_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Field {
    /// Resolves a field spelling; `col` is where it starts, for errors.
    fn parse(name: &str, col: usize) -> Result<Field, FilterError> {
        if let Some((_, field)) = FIELD_NAMES.iter().find(|(n, _)| *n == name) {
            return Ok(field.clone());
        }
        for prefix in SOURCE_PROPERTY_PREFIXES {
            if let Some(key) = name.strip_prefix(prefix) {
                if !is_valid_property_key(key) {
                    return Err(FilterError {
                        column: col + prefix.chars().count(),
                        message: format!(
                            "bad source property key '{key}': keys match [A-Za-z0-9_]+"
                        ),
                    });
                }
                return Ok(Field::SourceProperty(key.to_owned()));
            }
        }
        let hint = match name {
            "and" | "or" | "not" => " (keywords are upper-case: AND, OR, NOT)",
            "source_properties" | "sourceProperties" => " (name a property: source_properties.KEY)",
            _ => "",
        };
        Err(FilterError {
            column: col,
            message: format!("unknown field '{name}'{hint}"),
        })
    }

    /// The canonical (snake_case) spelling, as [`Expr`]'s `Display` prints it.
    pub fn canonical_name(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Field::Category => "category",
            Field::State => "state",
            Field::Severity => "severity",
            Field::Mute => "mute",
            Field::ModuleName => "module_name",
            Field::Name => "name",
            Field::Parent => "parent",
            Field::EventTime => "event_time",
            Field::CreateTime => "create_time",
            Field::ResourceName => "resource.name",
            Field::ResourceType => "resource.type",
            Field::ResourceDisplayName => "resource.display_name",
            Field::ResourceProjectDisplayName => "resource.project_display_name",
            Field::ContainerName => "container.name",
            Field::ContainerImage => "container.image",
            Field::SourceProperty(key) => return Cow::Owned(format!("source_properties.{key}")),
        })
    }

    /// Whether the field is a timestamp (`event_time`, `create_time`).
    pub fn is_time(&self) -> bool {
        matches!(self, Field::EventTime | Field::CreateTime)
    }

    /// Whether `<`, `<=`, `>`, `>=` apply: timestamps and severity.
    pub fn is_ordered(&self) -> bool {
        self.is_time() || *self == Field::Severity
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `=`.
    Eq,
    /// `!=`.
    Ne,
    /// `:` (has): case-insensitive substring on text.
    Has,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Op {
    fn parse(text: &str) -> Option<Op> {
        Some(match text {
            "=" => Op::Eq,
            "!=" => Op::Ne,
            ":" => Op::Has,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            _ => return None,
        })
    }

    /// The operator as written in a filter.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Has => ":",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    /// Whether this is `<`, `<=`, `>` or `>=`.
    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Lt | Op::Le | Op::Gt | Op::Ge)
    }
}

/// A severity in an ordering comparison, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// `LOW`.
    Low,
    /// `MEDIUM`.
    Medium,
    /// `HIGH`.
    High,
    /// `CRITICAL`.
    Critical,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// Case-insensitive.
    fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text))
    }

    /// SCC's enum name (`HIGH`), as stored in the `severity` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }
}

/// The right-hand side of a clause.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// Text (quoted strings, bare words and integers on text fields).
    Text(String),
    /// A timestamp in nanoseconds since the Unix epoch (on `event_time`, `create_time`).
    Time(i64),
    /// A severity (on `severity` with `<`, `<=`, `>`, `>=`; `=` takes [`Value::Text`]).
    Severity(Severity),
}

/// One clause: `FIELD OP VALUE`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Comparison {
    /// What is tested.
    pub field: Field,
    /// How.
    pub op: Op,
    /// Against what.
    pub value: Value,
}

/// A parsed filter.
///
/// [`parse`] produces `And`/`Or` with two or more operands and only well-typed clauses (ordering
/// operators only on ordered fields, [`Value::Time`] exactly on timestamps, [`Value::Severity`]
/// exactly for ordering comparisons of `severity`). [`to_sql`] accepts any tree (an empty `And`
/// is true, an empty `Or` false), but `Display` round-trips only trees of that shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    /// A clause.
    Compare(Comparison),
    /// `NOT e` or `-e`.
    Not(Box<Expr>),
    /// All of these (explicit `AND` or adjacency).
    And(Vec<Expr>),
    /// Any of these.
    Or(Vec<Expr>),
}

/// Parses a filter. An empty or whitespace-only filter is `Ok(None)`: it matches every finding.
///
/// ```
/// use shrike_store::filter::{parse, Expr};
/// let expr = parse(r#"category="Reverse Shell" severity>=HIGH"#).unwrap().unwrap();
/// assert!(matches!(expr, Expr::And(ref items) if items.len() == 2));
/// assert_eq!(expr.to_string(), r#"category = "Reverse Shell" AND severity >= HIGH"#);
/// assert_eq!(parse("  ").unwrap(), None);
/// let err = parse(r#"category > "x""#).unwrap_err();
/// assert_eq!(err.column, 10);
/// assert_eq!(err.to_string(), "column 10: 'category' has no order, so '>' does not apply (ordered fields: event_time, create_time, severity)");
/// ```
pub fn parse(input: &str) -> Result<Option<Expr>, FilterError> {
    parser::Parser::new(input).parse_filter()
}

/// Writes `s` as a double-quoted filter string.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

impl fmt::Display for Value {
    /// A filter literal: a quoted string, a quoted RFC 3339 timestamp (UTC), or a bare severity.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) => write_quoted(f, s),
            Value::Time(ns) => write_quoted(f, &timestamp::format(*ns)),
            Value::Severity(s) => f.write_str(s.as_str()),
        }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.op {
            Op::Has => write!(f, "{}:{}", self.field.canonical_name(), self.value),
            op => write!(
                f,
                "{} {} {}",
                self.field.canonical_name(),
                op.as_str(),
                self.value
            ),
        }
    }
}

impl Expr {
    /// Writes `self`, in parentheses when `wrap` says so for its kind.
    fn fmt_operand(&self, f: &mut fmt::Formatter<'_>, wrap: impl Fn(&Expr) -> bool) -> fmt::Result {
        if wrap(self) {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

impl fmt::Display for Expr {
    /// The canonical filter text: snake_case field names, quoted values, upper-case keywords,
    /// and parentheses exactly where the tree needs them, so that [`parse`] gives the tree back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (items, sep, wrap): (&[Expr], &str, fn(&Expr) -> bool) = match self {
            Expr::Compare(c) => return write!(f, "{c}"),
            Expr::Not(inner) => {
                f.write_str("NOT ")?;
                return inner.fmt_operand(f, |e| matches!(e, Expr::And(_) | Expr::Or(_)));
            }
            Expr::And(items) => (items, " AND ", |e| matches!(e, Expr::And(_) | Expr::Or(_))),
            Expr::Or(items) => (items, " OR ", |e| matches!(e, Expr::Or(_))),
        };
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(sep)?;
            }
            item.fmt_operand(f, wrap)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(field: Field, op: Op, value: Value) -> Expr {
        Expr::Compare(Comparison { field, op, value })
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    #[test]
    fn every_fixed_spelling_resolves() {
        for (name, field) in FIELD_NAMES {
            assert_eq!(Field::parse(name, 1).as_ref(), Ok(field), "{name}");
            // The canonical name is itself a spelling of the same field.
            assert_eq!(
                Field::parse(&field.canonical_name(), 1).as_ref(),
                Ok(field),
                "{name}"
            );
        }
        assert_eq!(
            Field::parse("sourceProperties.A_1", 1),
            Ok(Field::SourceProperty("A_1".into()))
        );
        assert_eq!(
            Field::parse("source_properties.a.b", 3).unwrap_err().column,
            21
        );
        assert_eq!(Field::parse("Category", 1).unwrap_err().column, 1);
    }

    #[test]
    fn display_parenthesises_only_where_needed() {
        let a = cmp(Field::Category, Op::Eq, text("a"));
        let b = cmp(Field::State, Op::Has, text("b\"\\"));
        let c = cmp(Field::Severity, Op::Gt, Value::Severity(Severity::Low));
        let e = Expr::Or(vec![
            Expr::And(vec![a.clone(), Expr::Or(vec![b.clone(), c.clone()])]),
            Expr::Not(Box::new(Expr::And(vec![a.clone(), b.clone()]))),
            Expr::Not(Box::new(Expr::Not(Box::new(c.clone())))),
        ]);
        let printed = e.to_string();
        assert_eq!(
            printed,
            r#"category = "a" AND (state:"b\"\\" OR severity > LOW) OR NOT (category = "a" AND state:"b\"\\") OR NOT NOT severity > LOW"#
        );
        assert_eq!(parse(&printed), Ok(Some(e)));
        let nested = Expr::And(vec![Expr::And(vec![a.clone(), b.clone()]), c.clone()]);
        assert_eq!(parse(&nested.to_string()), Ok(Some(nested)));
    }
}
