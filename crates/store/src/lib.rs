//! Shrike's findings store.
//!
//! A [`FindingStore`] keeps SCC finding envelopes by name: SQLite for one host (the embedded
//! default, a file in WAL mode) and PostgreSQL for a fleet. Both run the same migrations (in
//! `migrations/`, applied in order and recorded in `schema_migrations`), the same idempotent
//! insert (a finding re-delivered under the same name is not duplicated), and the same SCC filter
//! language ([`filter`]), compiled to parameterised SQL: findings hold attacker-written argv and
//! script text, so no value is ever spliced into a statement.
//!
//! ```
//! let mut store = shrike_store::open("sqlite::memory:").unwrap();
//! let page = store.list(&shrike_store::ListQuery::default()).unwrap();
//! assert_eq!(page.total_size, 0);
//! ```

mod counts;
pub mod filter;
pub mod postgres;
pub mod sqlite;

use shrike_core::finding::{FindingEnvelope, Mute, State};
use shrike_core::{Sink, SinkError};

/// Findings on one page, at most.
pub const MAX_PAGE_SIZE: usize = 1000;
/// Findings on one page unless asked otherwise.
pub const DEFAULT_PAGE_SIZE: usize = 100;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The filter or orderBy expression is malformed.
    #[error("invalid filter: {0}")]
    Filter(filter::FilterError),
    /// No finding has that name.
    #[error("no finding named {name}")]
    NotFound {
        /// The name asked for.
        name: String,
    },
    /// The page token is not one this store issued for this query.
    #[error("invalid page token {token:?}: it belongs to another query, or was not issued by this server")]
    BadPageToken {
        /// The token given.
        token: String,
    },
    /// The store URL is not understood.
    #[error("unknown store {url:?}: expected sqlite:PATH or postgres://…")]
    BadUrl {
        /// The URL given.
        url: String,
    },
    /// The database refused.
    #[error("{backend}: {message}")]
    Backend {
        /// `sqlite` or `postgres`.
        backend: &'static str,
        /// What it said.
        message: String,
    },
    /// A stored envelope could not be read back.
    #[error("stored finding {name} is corrupt: {message}")]
    Corrupt {
        /// The finding.
        name: String,
        /// What is wrong.
        message: String,
    },
}

impl From<filter::FilterError> for StoreError {
    fn from(e: filter::FilterError) -> Self {
        StoreError::Filter(e)
    }
}

/// A list request, as SCC's ListFindings takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// SCC filter expression; empty or `None` matches everything.
    pub filter: Option<String>,
    /// `orderBy`, e.g. `event_time desc` (the default).
    pub order_by: Option<String>,
    /// Findings per page (default [`DEFAULT_PAGE_SIZE`], at most [`MAX_PAGE_SIZE`]).
    pub page_size: Option<usize>,
    /// A `next_page_token` from the previous page of the same query.
    pub page_token: Option<String>,
    /// Only findings under this parent (`projects/P/sources/S`); `None` for all sources.
    pub parent: Option<String>,
    /// Only findings of this project (`projects/P`, any source), as SCC's `sources/-`.
    pub project: Option<String>,
    /// Only findings created after this time (ns since the epoch): what a stream has not sent.
    pub created_after_ns: Option<i64>,
    /// Free text: findings whose JSON contains it, case-insensitively (the console's search box).
    pub text: Option<String>,
    /// Leave `totalSize` uncounted (0). Counting a free-text search reads every stored finding
    /// (seconds for a million), while its first page is found by reading the newest findings
    /// until the page is full; the console counts such searches only when asked.
    pub skip_total: bool,
}

/// One page of findings.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    /// The findings, in the requested order.
    pub findings: Vec<FindingEnvelope>,
    /// Token for the next page, `None` on the last page.
    pub next_page_token: Option<String>,
    /// How many findings match the query in all (0 when the query set `skip_total`).
    pub total_size: u64,
}

/// Where findings are kept.
pub trait FindingStore: Send {
    /// Stores findings; those whose name is already stored are left as they are. Returns how
    /// many were new.
    fn insert(&mut self, findings: &[FindingEnvelope]) -> Result<usize, StoreError>;

    /// The finding with this full name.
    fn get(&mut self, name: &str) -> Result<FindingEnvelope, StoreError>;

    /// Findings matching a query, one page at a time.
    fn list(&mut self, query: &ListQuery) -> Result<ListPage, StoreError>;

    /// Sets a finding's state; returns the updated finding.
    fn set_state(&mut self, name: &str, state: State) -> Result<FindingEnvelope, StoreError>;

    /// Sets a finding's mute; returns the updated finding.
    fn set_mute(&mut self, name: &str, mute: Mute) -> Result<FindingEnvelope, StoreError>;

    /// Full names of findings whose name ends with `/findings/{id}` (a console URL's id).
    fn names_by_id(&mut self, id: &str) -> Result<Vec<String>, StoreError>;

    /// How many findings match `query`, per category over time, in at most `bins` equal bins
    /// covering the matches' event times; `None` when the query filters on something the kept
    /// counts do not hold (source properties, names, resources, free text), which would mean
    /// reading every match. Page fields of the query are ignored.
    fn histogram(
        &mut self,
        query: &ListQuery,
        bins: usize,
    ) -> Result<Option<Histogram>, StoreError>;
}

/// Matching findings per category over time (see [`FindingStore::histogram`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    /// Where bin 0 starts, ns since the epoch (the start of a minute).
    pub start_ns: i64,
    /// The width of every bin, a whole number of minutes.
    pub step_ns: i64,
    /// `(bin, category, findings)`, bins counted from 0, in bin then category order; bins and
    /// categories without findings are left out.
    pub counts: Vec<(usize, String, u64)>,
}

/// The histogram of a planned query: `span` runs a statement giving (earliest, latest), `rows`
/// one giving (bin, category, findings) rows.
pub(crate) fn histogram_with(
    plan: &counts::Plan<'_>,
    dialect: filter::Dialect,
    bins: usize,
    mut span: impl FnMut(&counts::Statement) -> Result<(Option<i64>, Option<i64>), StoreError>,
    mut rows: impl FnMut(&counts::Statement) -> Result<Vec<(i64, String, i64)>, StoreError>,
) -> Result<Histogram, StoreError> {
    let (mut first, mut last) = (None::<i64>, None::<i64>);
    for s in plan.span(dialect) {
        let (a, b) = span(&s)?;
        first = match (first, a) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        last = match (last, b) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        };
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Histogram {
            start_ns: 0,
            step_ns: counts::BUCKET_NS,
            counts: Vec::new(),
        });
    };
    let start = counts::bucket_of(first);
    let width = i128::from(last) - i128::from(start) + 1;
    let bins = i128::try_from(bins.max(1)).unwrap_or(i128::MAX);
    let bucket = i128::from(counts::BUCKET_NS);
    // The narrowest whole number of minutes that fits the span into `bins` bins.
    let minutes = (width + bins * bucket - 1) / (bins * bucket);
    let step = i64::try_from(minutes.max(1) * bucket).unwrap_or(i64::MAX);
    let mut merged: std::collections::BTreeMap<(usize, String), u64> = Default::default();
    for s in plan.histogram(dialect, start, step) {
        for (bin, category, n) in rows(&s)? {
            let (Ok(bin), Ok(n)) = (usize::try_from(bin), u64::try_from(n)) else {
                continue;
            };
            *merged.entry((bin, category)).or_default() += n;
        }
    }
    Ok(Histogram {
        start_ns: start,
        step_ns: step,
        counts: merged
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((bin, category), n)| (bin, category, n))
            .collect(),
    })
}

/// Opens a store by URL: `sqlite:PATH` (`sqlite::memory:` for a throwaway one), or
/// `postgres://…` / `postgresql://…`. Migrations are applied on open.
pub fn open(url: &str) -> Result<Box<dyn FindingStore>, StoreError> {
    if let Some(path) = url.strip_prefix("sqlite:") {
        return Ok(Box::new(sqlite::SqliteStore::open(path)?));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Box::new(postgres::PostgresStore::connect(url)?));
    }
    Err(StoreError::BadUrl {
        url: redact_url(url),
    })
}

/// The columns a finding is stored under, taken from its envelope.
pub(crate) struct Row {
    pub name: String,
    pub parent: String,
    pub finding_id: String,
    pub category: String,
    pub module_name: String,
    pub state: String,
    pub severity: String,
    pub mute: String,
    pub event_time_ns: i64,
    pub create_time_ns: i64,
    pub resource_name: String,
    pub resource_type: String,
    pub resource_display_name: String,
    pub project_display_name: String,
    pub container_name: Option<String>,
    pub container_image: Option<String>,
    pub envelope: String,
}

impl Row {
    pub(crate) fn of(f: &FindingEnvelope) -> Row {
        let finding = &f.finding;
        let container = finding.containers.first();
        Row {
            name: finding.name.clone(),
            parent: finding.parent.clone(),
            finding_id: finding
                .name
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned(),
            category: finding.category.clone(),
            module_name: finding.module_name.clone(),
            state: finding.state.as_str().to_owned(),
            severity: finding.severity.as_str().to_owned(),
            mute: finding.mute.as_str().to_owned(),
            event_time_ns: filter::timestamp::parse(&finding.event_time).unwrap_or(0),
            create_time_ns: filter::timestamp::parse(&finding.create_time).unwrap_or(0),
            resource_name: f.resource.name.clone(),
            resource_type: f.resource.resource_type.clone(),
            resource_display_name: f.resource.display_name.clone(),
            project_display_name: f.resource.project_display_name.clone(),
            container_name: container.map(|c| c.name.clone()),
            container_image: container.and_then(|c| c.uri.clone()),
            envelope: serde_json::to_string(f).unwrap_or_default(),
        }
    }
}

/// A source property as the property table stores it: strings as they are, booleans and
/// integers as their text, and the flag `true` for values (fractions, arrays, objects) whose
/// JSON text the database turns into the text its JSON functions give. `None` for a JSON null,
/// which is not stored (the filter reads a missing property as '').
pub(crate) fn property_text(value: &serde_json::Value) -> Option<(String, bool)> {
    use serde_json::Value;
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => (b.to_string(), false),
        Value::String(s) => (s.clone(), false),
        Value::Number(n) if n.is_i64() || n.is_u64() => (n.to_string(), false),
        other => (other.to_string(), true),
    })
}

/// When the detected activity happened, in ns since the epoch (its `eventTime`).
pub fn event_ns(f: &FindingEnvelope) -> Option<i64> {
    filter::timestamp::parse(&f.finding.event_time).ok()
}

/// When a finding was created, in ns since the epoch (its `createTime`).
pub fn created_ns(f: &FindingEnvelope) -> Option<i64> {
    filter::timestamp::parse(&f.finding.create_time).ok()
}

pub(crate) fn decode(name: &str, json: &str) -> Result<FindingEnvelope, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        name: name.to_owned(),
        message: e.to_string(),
    })
}

/// The compiled parts of a list query.
pub(crate) struct CompiledQuery {
    /// The parsed filter (`None` when empty).
    pub expr: Option<filter::Expr>,
    pub filter: Option<filter::SqlFilter>,
    pub order_by: String,
    /// The sort keys, `name` last: a total order.
    pub keys: Vec<filter::OrderKey>,
    /// The sort values of the last finding of the previous page (keyset paging: a page starts
    /// after that finding, whatever was inserted or deleted since).
    pub after: Option<Vec<filter::SqlParam>>,
    pub limit: usize,
    /// Identifies the query in page tokens.
    pub fingerprint: u64,
}

fn fingerprint(query: &ListQuery) -> u64 {
    // FNV-1a over the parts that define the result set.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        query.filter.as_deref(),
        query.order_by.as_deref(),
        query.parent.as_deref(),
        query.project.as_deref(),
        query.text.as_deref(),
    ] {
        for b in part.unwrap_or("").bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A page token: the query's fingerprint, then the last finding's sort values as hex-encoded
/// JSON (`[1795456575003000000, "projects/…"]`).
fn encode_token(fingerprint: u64, values: &[filter::SqlParam]) -> String {
    let json: Vec<serde_json::Value> = values
        .iter()
        .map(|v| match v {
            filter::SqlParam::Int(i) => serde_json::Value::from(*i),
            filter::SqlParam::Text(t) => serde_json::Value::from(t.as_str()),
        })
        .collect();
    format!(
        "{fingerprint:x}.{}",
        hex::encode(serde_json::Value::from(json).to_string())
    )
}

fn decode_token(
    token: &str,
    fingerprint: u64,
    keys: &[filter::OrderKey],
) -> Result<Vec<filter::SqlParam>, StoreError> {
    let bad = || StoreError::BadPageToken {
        token: token.to_owned(),
    };
    let (fp, values) = token.split_once('.').ok_or_else(bad)?;
    if u64::from_str_radix(fp, 16).map_err(|_| bad())? != fingerprint {
        return Err(bad());
    }
    let bytes = hex::decode(values).map_err(|_| bad())?;
    let values: Vec<serde_json::Value> = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if values.len() != keys.len() {
        return Err(bad());
    }
    keys.iter()
        .zip(values)
        .map(|(k, v)| match (k.field.is_integer(), v) {
            (true, serde_json::Value::Number(n)) => {
                n.as_i64().map(filter::SqlParam::Int).ok_or_else(bad)
            }
            (false, serde_json::Value::String(s)) => Ok(filter::SqlParam::Text(s)),
            _ => Err(bad()),
        })
        .collect()
}

pub(crate) fn compile(
    query: &ListQuery,
    dialect: filter::Dialect,
) -> Result<CompiledQuery, StoreError> {
    let expr = filter::parse(query.filter.as_deref().unwrap_or(""))?;
    let order = match query.order_by.as_deref() {
        Some(spec) if !spec.trim().is_empty() => filter::order_by(spec)?,
        _ => filter::OrderBy::default(),
    };
    let keys = order.total_keys();
    let fingerprint = fingerprint(query);
    let after = query
        .page_token
        .as_deref()
        .map(|token| decode_token(token, fingerprint, &keys))
        .transpose()?;
    let limit = query
        .page_size
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    let filter = expr.as_ref().map(|e| filter::to_sql(e, dialect, 1));
    Ok(CompiledQuery {
        expr,
        filter,
        order_by: order.to_sql(),
        keys,
        after,
        limit,
        fingerprint,
    })
}

/// A sort key's expression; integers as BIGINT in both dialects (the severity's rank is an
/// integer expression PostgreSQL would otherwise type as int4).
fn key_sql(k: &filter::OrderKey) -> String {
    if k.field.is_integer() {
        format!("CAST({} AS BIGINT)", k.field.sql())
    } else {
        k.field.sql().to_owned()
    }
}

/// The sort-key expressions as extra columns of a page query (`, k0, k1, …`), in key order.
pub(crate) fn key_columns(q: &CompiledQuery) -> String {
    q.keys.iter().map(|k| format!(", {}", key_sql(k))).collect()
}

/// The WHERE clause of a list query (every matching finding, whatever the page) and its
/// parameters, placeholders numbered from 1.
pub(crate) fn where_clause(
    query: &ListQuery,
    q: &CompiledQuery,
    dialect: filter::Dialect,
) -> (String, Vec<filter::SqlParam>) {
    let (clauses, params) = conditions(query, q, dialect);
    (where_sql(&clauses), params)
}

/// The WHERE clause that selects a page: the query's own conditions and, from the second page
/// on, "after the last finding of the previous page" in the sort order — `(k1 > v1) OR (k1 = v1
/// AND k2 > v2) OR …`, with `<` for descending keys.
pub(crate) fn page_clause(
    query: &ListQuery,
    q: &CompiledQuery,
    dialect: filter::Dialect,
) -> (String, Vec<filter::SqlParam>) {
    let (mut clauses, mut params) = conditions(query, q, dialect);
    if let Some(after) = &q.after {
        let first = params.len() + 1;
        params.extend(after.iter().cloned());
        let placeholder = |n: usize| match dialect {
            filter::Dialect::Sqlite => format!("?{n}"),
            filter::Dialect::Postgres => format!("${n}"),
        };
        let mut alternatives = Vec::new();
        for (i, key) in q.keys.iter().enumerate() {
            let mut parts: Vec<String> = q.keys[..i]
                .iter()
                .enumerate()
                .map(|(j, k)| format!("{} = {}", key_sql(k), placeholder(first + j)))
                .collect();
            let op = if key.descending { "<" } else { ">" };
            parts.push(format!("{} {op} {}", key_sql(key), placeholder(first + i)));
            alternatives.push(format!("({})", parts.join(" AND ")));
        }
        clauses.push(format!("({})", alternatives.join(" OR ")));
    }
    (where_sql(&clauses), params)
}

pub(crate) fn where_sql(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    }
}

/// A placeholder for parameter `n` (1-based).
pub(crate) fn placeholder(dialect: filter::Dialect, n: usize) -> String {
    match dialect {
        filter::Dialect::Sqlite => format!("?{n}"),
        filter::Dialect::Postgres => format!("${n}"),
    }
}

/// Appends the query's source or project restriction to `clauses` (parameters numbered after
/// those already in `params`).
pub(crate) fn scope_conditions(
    query: &ListQuery,
    dialect: filter::Dialect,
    clauses: &mut Vec<String>,
    params: &mut Vec<filter::SqlParam>,
) {
    use filter::SqlParam;
    if let Some(parent) = &query.parent {
        params.push(SqlParam::Text(parent.clone()));
        clauses.push(format!("parent = {}", placeholder(dialect, params.len())));
    }
    if let Some(project) = &query.project {
        // Every parent of the project sorts between "projects/P/sources/" and
        // "projects/P/sources0" ('0' follows '/'): an index range, no LIKE.
        let prefix = format!("{}/sources/", project.trim_end_matches('/'));
        params.push(SqlParam::Text(prefix.clone()));
        let lo = placeholder(dialect, params.len());
        params.push(SqlParam::Text(format!("{}0", prefix.trim_end_matches('/'))));
        let hi = placeholder(dialect, params.len());
        clauses.push(format!("parent >= {lo} AND parent < {hi}"));
    }
}

fn conditions(
    query: &ListQuery,
    q: &CompiledQuery,
    dialect: filter::Dialect,
) -> (Vec<String>, Vec<filter::SqlParam>) {
    use filter::SqlParam;
    let mut clauses = Vec::new();
    let mut params: Vec<SqlParam> = Vec::new();
    let placeholder = |n: usize| placeholder(dialect, n);
    if let Some(f) = &q.filter {
        clauses.push(format!("({})", f.sql));
        params.extend(f.params.iter().cloned());
    }
    scope_conditions(query, dialect, &mut clauses, &mut params);
    if let Some(text) = query.text.as_deref().filter(|t| !t.is_empty()) {
        match dialect {
            filter::Dialect::Sqlite => {
                // LIKE folds ASCII case as SQLite's lower() does, without copying each ~2 KB
                // envelope: half the time of `instr(lower(envelope), …)` over a million. The
                // text's own `%`, `_` and `\` are escaped, so it matches literally.
                let mut pattern = String::with_capacity(text.len() + 2);
                pattern.push('%');
                for c in text.chars() {
                    if matches!(c, '%' | '_' | '\\') {
                        pattern.push('\\');
                    }
                    pattern.push(c);
                }
                pattern.push('%');
                params.push(SqlParam::Text(pattern));
                let p = placeholder(params.len());
                clauses.push(format!("envelope LIKE {p} ESCAPE '\\'"));
            }
            filter::Dialect::Postgres => {
                params.push(SqlParam::Text(text.to_owned()));
                let p = placeholder(params.len());
                clauses.push(format!("strpos(lower(envelope::text), lower({p})) > 0"));
            }
        }
    }
    if let Some(after) = query.created_after_ns {
        params.push(SqlParam::Int(after));
        clauses.push(format!("create_time_ns > {}", placeholder(params.len())));
    }
    (clauses, params)
}

/// The token of the page after this one, from the sort values of its last finding; `None`
/// when the query returned no row beyond the page.
pub(crate) fn next_token(
    q: &CompiledQuery,
    more: bool,
    last: Option<Vec<filter::SqlParam>>,
) -> Option<String> {
    if !more {
        return None;
    }
    last.map(|values| encode_token(q.fingerprint, &values))
}

/// The most findings the store sink holds before it writes them in one transaction. Every
/// commit rewrites the index pages its findings touch, so larger transactions write fewer pages
/// per finding: SQLite inserts ran about a fifth faster in batches of 4,096 than of 1,024
/// (`docs/benchmarks.md`). Findings are 1–3 KB as a rule, but one may carry 64 KiB of arguments
/// and 64 KiB of script, so a batch is also cut at [`SINK_BATCH_BYTES`].
pub const SINK_BATCH: usize = 4096;

/// The most bytes (about: arguments, scripts and a kilobyte for the rest of each finding) the
/// store sink holds before it writes them.
pub const SINK_BATCH_BYTES: usize = 16 << 20;

/// About how large `f` is: its processes' arguments, environment and scripts, and 1 KiB for the
/// rest.
fn approx_bytes(f: &FindingEnvelope) -> usize {
    let processes: usize = f
        .finding
        .processes
        .iter()
        .map(|p| {
            p.args.iter().map(|a| a.len() + 4).sum::<usize>()
                + p.env_variables
                    .iter()
                    .map(|e| e.name.len() + e.val.len() + 16)
                    .sum::<usize>()
                + p.script
                    .as_ref()
                    .and_then(|s| s.contents.as_ref())
                    .map_or(0, String::len)
        })
        .sum();
    1024 + processes
}

/// Delivers findings into a store: the `sqlite:` and `postgres://` sinks. Findings are batched
/// and written in one transaction at each flush (the engine flushes after every batch of
/// events), so a crash loses at most the batch in hand.
pub struct StoreSink {
    name: String,
    store: Box<dyn FindingStore>,
    pending: Vec<FindingEnvelope>,
    /// About how many bytes `pending` holds ([`approx_bytes`]).
    pending_bytes: usize,
    delivered: std::sync::Arc<shrike_core::metrics::Counter>,
    failed: std::sync::Arc<shrike_core::metrics::Counter>,
    exec_to_stored: std::sync::Arc<shrike_core::metrics::Histogram>,
}

/// A store URL with its password hidden, for messages and metric labels: the user
/// information's and a `password=` query parameter's (libpq takes either).
///
/// ```
/// assert_eq!(
///     shrike_store::redact_url("postgres://shrike:s3cret@db:5432/findings"),
///     "postgres://shrike:***@db:5432/findings"
/// );
/// assert_eq!(shrike_store::redact_url("sqlite:/var/lib/shrike/shrike.db"), "sqlite:/var/lib/shrike/shrike.db");
/// assert_eq!(shrike_store::redact_url("postgres://db/findings?user=x"), "postgres://db/findings?user=x");
/// assert_eq!(
///     shrike_store::redact_url("postgres://db/findings?user=x&password=s3cret&sslmode=disable"),
///     "postgres://db/findings?user=x&password=***&sslmode=disable"
/// );
/// assert_eq!(
///     shrike_store::redact_url("postgres://shrike:s3cret@db?password=s3cret"),
///     "postgres://shrike:***@db?password=***"
/// );
/// ```
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{user}:***@{host}")
        }
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=***")
                    }
                    _ => pair.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

impl StoreSink {
    /// Opens the store behind a sink spec (`sqlite:PATH`, `postgres://…`).
    pub fn open(url: &str) -> Result<Self, StoreError> {
        use shrike_core::metrics::{self, names};
        let name = redact_url(url);
        let registry = metrics::global();
        let labels = [("sink", name.as_str())];
        Ok(Self {
            delivered: registry.counter(
                names::SINK_DELIVERIES_TOTAL,
                names::SINK_DELIVERIES_TOTAL_HELP,
                &labels,
            ),
            failed: registry.counter(
                names::SINK_FAILURES_TOTAL,
                names::SINK_FAILURES_TOTAL_HELP,
                &labels,
            ),
            exec_to_stored: registry.histogram(
                names::STAGE_LATENCY_SECONDS,
                names::STAGE_LATENCY_SECONDS_HELP,
                &[("stage", names::STAGE_EXEC_TO_STORED)],
                metrics::DEFAULT_LATENCY_BUCKETS,
            ),
            name,
            store: open(url)?,
            pending: Vec::new(),
            pending_bytes: 0,
        })
    }
}

impl Sink for StoreSink {
    fn name(&self) -> &str {
        &self.name
    }

    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError> {
        self.pending.push(finding.clone());
        self.pending_bytes += approx_bytes(finding);
        if self.pending.len() >= SINK_BATCH || self.pending_bytes >= SINK_BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.store.insert(&self.pending) {
            self.failed.inc();
            return Err(SinkError::Io {
                sink: self.name.clone(),
                source: std::io::Error::other(e.to_string()),
            });
        }
        self.delivered.add(self.pending.len() as u64);
        for f in &self.pending {
            if let Some(ns) = event_ns(f) {
                self.exec_to_stored
                    .observe_since_ns(u64::try_from(ns).unwrap_or(0));
            }
        }
        self.pending.clear();
        self.pending_bytes = 0;
        Ok(())
    }
}
