//! The embedded store: one SQLite file in WAL mode.

use crate::counts::CountKey;
use crate::filter::{Dialect, SqlParam};
use crate::{compile, decode, next_token, FindingStore, ListPage, ListQuery, Row, StoreError};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use shrike_core::finding::{FindingEnvelope, Mute, State};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Migrations, in order; each runs once, in a transaction.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_findings.sql")),
    (
        2,
        include_str!("../migrations/sqlite/0002_finding_properties.sql"),
    ),
    (3, include_str!("../migrations/sqlite/0003_finding_ids.sql")),
    (
        4,
        include_str!("../migrations/sqlite/0004_finding_counts.sql"),
    ),
];

/// Adds `n` (negative to take away) to the findings counted under a key; a key left at zero is
/// removed.
const COUNT_UPSERT: &str = "INSERT INTO finding_counts (bucket_ns, parent, category, module_name, \
     state, severity, mute, container_name, container_image, n) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
     ON CONFLICT (bucket_ns, parent, category, module_name, state, severity, mute, container_name, \
     container_image) DO UPDATE SET n = n + excluded.n";
const COUNT_PRUNE: &str = "DELETE FROM finding_counts WHERE bucket_ns = ?1 AND parent = ?2 \
     AND category = ?3 AND module_name = ?4 AND state = ?5 AND severity = ?6 AND mute = ?7 \
     AND container_name = ?8 AND container_image = ?9 AND n = 0";

/// Applies count changes (see `counts.rs`) in the caller's transaction.
fn apply_counts(
    tx: &rusqlite::Transaction<'_>,
    changes: &std::collections::BTreeMap<CountKey, i64>,
) -> Result<(), StoreError> {
    for (key, &n) in changes {
        if n == 0 {
            continue;
        }
        let [parent, category, module, state, severity, mute, cname, cimage] = key.texts();
        // The key's nine columns, then the change.
        let values: [&dyn rusqlite::ToSql; 10] = [
            &key.bucket_ns,
            &parent,
            &category,
            &module,
            &state,
            &severity,
            &mute,
            &cname,
            &cimage,
            &n,
        ];
        tx.prepare_cached(COUNT_UPSERT)
            .map_err(err)?
            .execute(&values[..])
            .map_err(err)?;
        if n < 0 {
            tx.prepare_cached(COUNT_PRUNE)
                .map_err(err)?
                .execute(&values[..9])
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Findings (and properties) per `INSERT` statement: 64 × 17 parameters stays well under
/// SQLite's limit of 32,766. Statements for full groups are built once per store.
const ROWS_PER_INSERT: usize = 64;

/// `INSERT OR IGNORE INTO findings … VALUES (?1, …, ?17), (?18, …) RETURNING id, name` for
/// `rows` findings: the returned rows are the findings that were new. `OR IGNORE` rather than
/// `ON CONFLICT (name) DO NOTHING`: with no constraint left that can abort the statement, SQLite
/// keeps no statement journal for it (6% of the insert time). Every column is bound from a Rust
/// value, so the only constraint that can fire is the name's uniqueness.
fn insert_sql(rows: usize) -> String {
    multi_row_sql(
        "INSERT OR IGNORE INTO findings (name, parent, finding_id, category, module_name, state, \
         severity, mute, event_time_ns, create_time_ns, resource_name, resource_type, \
         resource_display_name, project_display_name, container_name, container_image, envelope) \
         VALUES ",
        rows,
        17,
        |sql, p| {
            sql.push('(');
            for c in 0..17 {
                let _ = write!(sql, "{}?{}", if c > 0 { ", " } else { "" }, p + c);
            }
            sql.push(')');
        },
        " RETURNING id, name",
    )
}

/// `INSERT OR IGNORE INTO finding_properties …` for `rows` properties, each bound as (key, value,
/// finding id, value is JSON). Scalars are stored as the text the filter compares; fractional
/// numbers, arrays and objects go through SQLite's own JSON text, as migration 2's backfill does.
fn properties_sql(rows: usize) -> String {
    multi_row_sql(
        "INSERT OR IGNORE INTO finding_properties (key, value, id) VALUES ",
        rows,
        4,
        |sql, p| {
            let _ = write!(
                sql,
                "(?{p}, CASE ?{j} WHEN 1 THEN CAST(json_extract(?{v}, '$') AS TEXT) ELSE ?{v} END, ?{i})",
                v = p + 1,
                i = p + 2,
                j = p + 3
            );
        },
        "",
    )
}

/// `head`, `rows` comma-separated row groups written by `row` (given its first placeholder
/// number; each takes `per_row`), then `tail`.
fn multi_row_sql(
    head: &str,
    rows: usize,
    per_row: usize,
    row: impl Fn(&mut String, usize),
    tail: &str,
) -> String {
    let mut sql = String::from(head);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        row(&mut sql, r * per_row + 1);
    }
    sql.push_str(tail);
    sql
}

fn err(e: rusqlite::Error) -> StoreError {
    StoreError::Backend {
        backend: "sqlite",
        message: e.to_string(),
    }
}

/// A SQLite findings store.
pub struct SqliteStore {
    conn: Connection,
    /// [`insert_sql`] and [`properties_sql`] for [`ROWS_PER_INSERT`] rows.
    full_insert: String,
    full_properties: String,
    /// Declared after `conn`, so it stops after the writer has closed.
    _checkpointer: Option<Checkpointer>,
}

/// How often the checkpointer copies committed WAL frames into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Copies the write-ahead log into the database file from a thread and connection of its own,
/// so that the writer never waits for the database file's `fsync` (on this VM's disk that took
/// inserts from about 12 k to 15 k findings/s). SQLite's own automatic checkpoint stays on as a backstop at
/// a larger WAL size, should this thread fall behind.
struct Checkpointer {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    fn start(path: &str) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                let mut failing = false;
                // Until the store is dropped (the sender goes, and `recv_timeout` says so).
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(CHECKPOINT_EVERY)
                {
                    // PASSIVE never blocks the writer or readers; frames it cannot copy yet are
                    // copied next time. An error (disk full) is retried, and logged once.
                    match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                        Err(e) if !failing => {
                            tracing::warn!(error = %e, "SQLite WAL checkpoint failed; retrying");
                            failing = true;
                        }
                        Ok(()) if failing => {
                            tracing::info!("SQLite WAL checkpoint works again");
                            failing = false;
                        }
                        _ => {}
                    }
                }
            })
            .map_err(|e| StoreError::Backend {
                backend: "sqlite",
                message: format!("starting the checkpoint thread: {e}"),
            })?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl rusqlite::ToSql for SqlParam {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            SqlParam::Text(s) => s.to_sql(),
            SqlParam::Int(i) => i.to_sql(),
        }
    }
}

/// Whether `q` may be paged by walking the event-time index: newest first, with a source-property
/// filter. The planner looks a property's matches up by id whatever their number (10,000 matches
/// of 1,000,000 took 19 ms that way, 6 ms walking), while filters on indexed columns already walk
/// an index in time order.
fn walk_candidate(q: &crate::CompiledQuery) -> bool {
    q.keys
        .first()
        .is_some_and(|k| k.field == crate::filter::OrderField::EventTime && k.descending)
        && q.filter.as_ref().is_some_and(|f| f.reads_properties)
}

/// Whether walking to `page` of `total` matches among `stored` findings (about
/// `page × stored / total` steps when matches are spread over time) takes at most twice as
/// many steps as there are matches to look up.
fn walk_is_shorter(page: usize, stored: i64, total: i64) -> bool {
    let page = i128::try_from(page).unwrap_or(i128::MAX);
    let total = i128::from(total);
    total > 0
        && page.saturating_mul(i128::from(stored)) <= total.saturating_mul(total).saturating_mul(2)
}

impl SqliteStore {
    /// Whether a page of `q` ([`walk_candidate`]) is better found by walking the event-time
    /// index newest first (testing the filter on each finding) than by looking up each of the
    /// `total` matches by id and sorting them. Walking reaches a page after about
    /// `page × stored / total` findings when matches are spread over time; it is chosen when
    /// that is at most twice the matches, since a step of the walk costs about a third of a
    /// lookup. Ids are never reused, so the largest one counts the findings stored.
    fn walk_pays(&self, q: &crate::CompiledQuery, total: i64) -> Result<bool, StoreError> {
        if total <= 0 {
            return Ok(false);
        }
        let stored: i64 = self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM findings", [], |r| {
                r.get(0)
            })
            .map_err(err)?;
        Ok(walk_is_shorter(q.limit + 1, stored, total))
    }

    /// How to write `expr` for SQLite's planner (the result is the same either way; see
    /// [`SqlOptions`](crate::filter::SqlOptions)).
    ///
    /// A `category:` substring test names the matching categories, so that the category index
    /// serves it. A source-property test is written `id IN (…)` — the property's matches
    /// drive the query, looking each finding up — unless a top-level conjunct an index serves
    /// (category, severity, event time) selects fewer findings than the property matches:
    /// then it is written `EXISTS (…)`, which probes the property table for each finding that
    /// index yields. Both sizes are cheap to learn: the indexed conjuncts' from the kept counts,
    /// the property's by counting its index entries up to that size. (SQLite's planner knows
    /// neither, and always let the property drive: 333,333 lookups for a property on a third of
    /// the store ANDed with one category took a second.)
    fn sql_options(
        &self,
        query: &ListQuery,
        expr: &crate::filter::Expr,
    ) -> Result<crate::filter::SqlOptions, StoreError> {
        use crate::filter::{Comparison, Expr, Field, Op, SqlOptions};
        let mut options = SqlOptions {
            properties_exists: false,
            expand_category_has: true,
        };
        let mut parts = Vec::new();
        crate::counts::conjuncts(expr, &mut parts);
        let mut indexed = Vec::new();
        let mut properties = Vec::new();
        for part in parts {
            match part {
                Expr::Compare(
                    c @ Comparison {
                        field: Field::SourceProperty(_),
                        ..
                    },
                ) => {
                    properties.push(c);
                }
                Expr::Compare(Comparison {
                    field: Field::Category,
                    op: Op::Eq | Op::Has,
                    ..
                })
                | Expr::Compare(Comparison {
                    field: Field::Severity | Field::EventTime,
                    op: Op::Eq | Op::Lt | Op::Le | Op::Gt | Op::Ge,
                    ..
                }) => indexed.push(part.clone()),
                _ => {}
            }
        }
        if properties.is_empty() || indexed.is_empty() {
            return Ok(options);
        }
        let indexed = Expr::And(indexed);
        let Some(plan) = crate::counts::plan(query, Some(&indexed)) else {
            return Ok(options);
        };
        let mut served: i64 = 0;
        for s in plan.total(Dialect::Sqlite) {
            served += self
                .conn
                .prepare_cached(&s.sql)
                .map_err(err)?
                .query_row(params_from_iter(s.params.iter()), |r| r.get::<_, i64>(0))
                .map_err(err)?;
        }
        // The fewest matches of a property a finding must have; a property test that findings
        // without the property pass (`!=`, `= ""`) matches most findings.
        let mut fewest: Option<i64> = None;
        for c in properties {
            let Field::SourceProperty(key) = &c.field else {
                continue;
            };
            let Some(test) =
                crate::filter::property_row_test(key, c.op, &c.value, Dialect::Sqlite, 1)
            else {
                continue;
            };
            let mut params = test.params.clone();
            params.push(SqlParam::Int(served.saturating_add(1)));
            let n: i64 = self
                .conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM (SELECT 1 FROM finding_properties WHERE {} LIMIT ?{})",
                    test.sql,
                    params.len()
                ))
                .map_err(err)?
                .query_row(params_from_iter(params.iter()), |r| r.get(0))
                .map_err(err)?;
            fewest = Some(fewest.map_or(n, |f| f.min(n)));
        }
        options.properties_exists = fewest.is_none_or(|n| n > served);
        Ok(options)
    }

    /// Opens (creating if needed) the database at `path` (`:memory:` for a private one) and
    /// applies migrations.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        // A new database file is created 0600 whatever the umask; SQLite gives its -wal and
        // -shm files the database file's mode.
        if path != ":memory:" && !path.is_empty() {
            use std::os::unix::fs::OpenOptionsExt;
            if let Err(e) = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
            {
                if e.kind() != std::io::ErrorKind::AlreadyExists {
                    return Err(StoreError::Backend {
                        backend: "sqlite",
                        message: format!("{path}: {e}"),
                    });
                }
            }
        }
        let conn = Connection::open(path).map_err(|e| StoreError::Backend {
            backend: "sqlite",
            message: format!("{path}: {e}"),
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        conn.pragma_update(None, "wal_autocheckpoint", 65536)
            .map_err(err)?;
        conn.pragma_update(None, "journal_size_limit", 64i64 << 20)
            .map_err(err)?;
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(err)?;
        conn.pragma_update(None, "mmap_size", 1i64 << 30)
            .map_err(err)?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(err)?;
        let mut store = Self {
            conn,
            full_insert: insert_sql(ROWS_PER_INSERT),
            full_properties: properties_sql(ROWS_PER_INSERT),
            _checkpointer: None,
        };
        store.migrate()?;
        if path != ":memory:" && !path.is_empty() {
            store._checkpointer = Some(Checkpointer::start(path)?);
        }
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        )
        .map_err(err)?;
        for (version, sql) in MIGRATIONS {
            let done: Option<i64> = tx
                .query_row(
                    "SELECT version FROM schema_migrations WHERE version = ?1",
                    [version],
                    |r| r.get(0),
                )
                .optional()
                .map_err(err)?;
            if done.is_none() {
                tx.execute_batch(sql).map_err(err)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, datetime('now'))",
                    [version],
                )
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    fn update(
        &mut self,
        name: &str,
        change: impl FnOnce(&mut FindingEnvelope),
    ) -> Result<FindingEnvelope, StoreError> {
        let tx = self.conn.transaction().map_err(err)?;
        let json: Option<String> = tx
            .query_row(
                "SELECT envelope FROM findings WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        let Some(json) = json else {
            return Err(StoreError::NotFound {
                name: name.to_owned(),
            });
        };
        let mut envelope = decode(name, &json)?;
        let before = CountKey::of(&Row::of(&envelope));
        change(&mut envelope);
        let row = Row::of(&envelope);
        tx.execute(
            "UPDATE findings SET state = ?2, mute = ?3, envelope = ?4 WHERE name = ?1",
            params![row.name, row.state, row.mute, row.envelope],
        )
        .map_err(err)?;
        let after = CountKey::of(&row);
        if after != before {
            apply_counts(&tx, &[(before, -1), (after, 1)].into_iter().collect())?;
        }
        tx.commit().map_err(err)?;
        Ok(envelope)
    }
}

impl FindingStore for SqliteStore {
    fn insert(&mut self, findings: &[FindingEnvelope]) -> Result<usize, StoreError> {
        use rusqlite::types::Value as Sql;
        let tx = self.conn.transaction().map_err(err)?;
        let mut inserted = 0;
        let mut counts = std::collections::BTreeMap::<CountKey, i64>::new();
        // Multi-row statements: per-statement overhead was a third of the insert cost.
        for chunk in findings.chunks(ROWS_PER_INSERT) {
            let mut values: Vec<Sql> = Vec::with_capacity(chunk.len() * 17);
            let mut keys = Vec::with_capacity(chunk.len());
            for f in chunk {
                let r = Row::of(f);
                keys.push(CountKey::of(&r));
                let opt = |v: Option<String>| v.map_or(Sql::Null, Sql::Text);
                values.extend([
                    Sql::Text(r.name),
                    Sql::Text(r.parent),
                    Sql::Text(r.finding_id),
                    Sql::Text(r.category),
                    Sql::Text(r.module_name),
                    Sql::Text(r.state),
                    Sql::Text(r.severity),
                    Sql::Text(r.mute),
                    Sql::Integer(r.event_time_ns),
                    Sql::Integer(r.create_time_ns),
                    Sql::Text(r.resource_name),
                    Sql::Text(r.resource_type),
                    Sql::Text(r.resource_display_name),
                    Sql::Text(r.project_display_name),
                    opt(r.container_name),
                    opt(r.container_image),
                    Sql::Text(r.envelope),
                ]);
            }
            // The ids of the findings that were new; a re-delivered finding (and its
            // properties) is already stored.
            let mut new_ids: HashMap<String, i64> = HashMap::with_capacity(chunk.len());
            {
                let mut stmt = if chunk.len() == ROWS_PER_INSERT {
                    tx.prepare_cached(&self.full_insert)
                } else {
                    tx.prepare_cached(&insert_sql(chunk.len()))
                }
                .map_err(err)?;
                let mut rows = stmt
                    .query(rusqlite::params_from_iter(values))
                    .map_err(err)?;
                while let Some(row) = rows.next().map_err(err)? {
                    new_ids.insert(row.get(1).map_err(err)?, row.get(0).map_err(err)?);
                }
            }
            inserted += new_ids.len();
            for (f, key) in chunk.iter().zip(keys) {
                if new_ids.contains_key(&f.finding.name) {
                    *counts.entry(key).or_insert(0) += 1;
                }
            }
            // (key, value text or JSON, finding id, value is JSON)
            // Four parameters per property, as `properties_sql` binds them: (key, value text or
            // JSON, finding id, value is JSON).
            let mut props: Vec<Sql> = Vec::new();
            for f in chunk {
                let Some(&id) = new_ids.get(&f.finding.name) else {
                    continue;
                };
                for (key, value) in &f.finding.source_properties {
                    let Some((text, json)) = crate::property_text(value) else {
                        continue;
                    };
                    props.extend([
                        Sql::Text(key.clone()),
                        Sql::Text(text),
                        Sql::Integer(id),
                        Sql::Integer(i64::from(json)),
                    ]);
                }
            }
            for group in props.chunks(ROWS_PER_INSERT * 4) {
                if group.len() == ROWS_PER_INSERT * 4 {
                    tx.prepare_cached(&self.full_properties)
                } else {
                    tx.prepare_cached(&properties_sql(group.len() / 4))
                }
                .map_err(err)?
                .execute(rusqlite::params_from_iter(group))
                .map_err(err)?;
            }
        }
        apply_counts(&tx, &counts)?;
        tx.commit().map_err(err)?;
        Ok(inserted)
    }

    fn get(&mut self, name: &str) -> Result<FindingEnvelope, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT envelope FROM findings WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        match json {
            Some(json) => decode(name, &json),
            None => Err(StoreError::NotFound {
                name: name.to_owned(),
            }),
        }
    }

    fn list(&mut self, query: &ListQuery) -> Result<ListPage, StoreError> {
        let mut q = compile(query, Dialect::Sqlite)?;
        if let Some(expr) = &q.expr {
            let options = self.sql_options(query, expr)?;
            q.filter = Some(crate::filter::to_sql_with(
                expr,
                Dialect::Sqlite,
                1,
                options,
            ));
        }
        let (where_sql, params) = crate::where_clause(query, &q, Dialect::Sqlite);
        // A source-property filter's count visits every match, so its newest event time costs
        // little more and bounds the walk below (other counts keep SQLite's fast paths).
        let may_walk = walk_candidate(&q) && !query.skip_total;
        let (total, newest): (i64, Option<i64>) = if query.skip_total {
            (0, None)
        } else if let Some(statements) =
            crate::counts::plan(query, q.expr.as_ref()).map(|p| p.total(Dialect::Sqlite))
        {
            let mut total = 0i64;
            for s in statements {
                total += self
                    .conn
                    .prepare_cached(&s.sql)
                    .map_err(err)?
                    .query_row(params_from_iter(s.params.iter()), |r| r.get::<_, i64>(0))
                    .map_err(err)?;
            }
            (total, None)
        } else if may_walk {
            self.conn
                .query_row(
                    &format!("SELECT count(*), max(event_time_ns) FROM findings {where_sql}"),
                    params_from_iter(params.iter()),
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(err)?
        } else {
            self.conn
                .query_row(
                    &format!("SELECT count(*) FROM findings {where_sql}"),
                    params_from_iter(params.iter()),
                    |r| Ok((r.get(0)?, None)),
                )
                .map_err(err)?
        };
        // Sort and page on finding ids first, then read the ~1 KB envelopes of the page only: a
        // filter that matches thousands of findings out of index order (a source property)
        // would otherwise sort all their envelopes. One row beyond the page says whether there
        // is a next one.
        let (mut page_sql, mut page_params) = crate::page_clause(query, &q, Dialect::Sqlite);
        let mut source = "findings";
        let walk_from = match newest {
            Some(t) if may_walk && self.walk_pays(&q, total)? => Some(t),
            _ => None,
        };
        if let Some(newest) = walk_from {
            // Walk the event-time index from the newest match down, testing the filter on each
            // finding, instead of looking every match up by id and sorting them all.
            source = "findings INDEXED BY findings_event_time";
            page_params.push(SqlParam::Int(newest));
            let bound = format!("event_time_ns <= ?{}", page_params.len());
            page_sql = if page_sql.is_empty() {
                format!("WHERE {bound}")
            } else {
                format!("{page_sql} AND {bound}")
            };
        }
        let sql = format!(
            "SELECT name, envelope{keys} FROM findings WHERE id IN \
             (SELECT id FROM {source} {page_sql} ORDER BY {order} LIMIT {}) \
             ORDER BY {order}",
            q.limit + 1,
            keys = crate::key_columns(&q),
            order = q.order_by,
        );
        let mut stmt = self.conn.prepare(&sql).map_err(err)?;
        let mut rows = stmt
            .query(params_from_iter(page_params.iter()))
            .map_err(err)?;
        let mut findings = Vec::new();
        let mut last = None;
        let mut more = false;
        while let Some(row) = rows.next().map_err(err)? {
            if findings.len() == q.limit {
                more = true;
                break;
            }
            let name: String = row.get(0).map_err(err)?;
            let json: String = row.get(1).map_err(err)?;
            findings.push(decode(&name, &json)?);
            let mut values = Vec::with_capacity(q.keys.len());
            for (i, k) in q.keys.iter().enumerate() {
                values.push(if k.field.is_integer() {
                    SqlParam::Int(row.get(2 + i).map_err(err)?)
                } else {
                    SqlParam::Text(row.get(2 + i).map_err(err)?)
                });
            }
            last = Some(values);
        }
        let total = total as u64;
        let next_page_token = next_token(&q, more, last);
        Ok(ListPage {
            findings,
            next_page_token,
            total_size: total,
        })
    }

    fn set_state(&mut self, name: &str, state: State) -> Result<FindingEnvelope, StoreError> {
        self.update(name, |f| f.finding.state = state)
    }

    fn set_mute(&mut self, name: &str, mute: Mute) -> Result<FindingEnvelope, StoreError> {
        self.update(name, |f| f.finding.mute = mute)
    }

    fn names_by_id(&mut self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM findings WHERE finding_id = ?1 ORDER BY name")
            .map_err(err)?;
        let names = stmt.query_map([id], |r| r.get(0)).map_err(err)?;
        names.collect::<Result<_, _>>().map_err(err)
    }

    fn histogram(
        &mut self,
        query: &ListQuery,
        bins: usize,
    ) -> Result<Option<crate::Histogram>, StoreError> {
        let q = compile(query, Dialect::Sqlite)?;
        let Some(plan) = crate::counts::plan(query, q.expr.as_ref()) else {
            return Ok(None);
        };
        let conn = &self.conn;
        crate::histogram_with(
            &plan,
            Dialect::Sqlite,
            bins,
            |s| {
                conn.prepare_cached(&s.sql)
                    .map_err(err)?
                    .query_row(params_from_iter(s.params.iter()), |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .map_err(err)
            },
            |s| {
                let mut stmt = conn.prepare_cached(&s.sql).map_err(err)?;
                let rows = stmt
                    .query_map(params_from_iter(s.params.iter()), |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .map_err(err)?;
                rows.collect::<Result<_, _>>().map_err(err)
            },
        )
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::{walk_candidate, walk_is_shorter};
    use crate::filter::Dialect;
    use crate::{compile, ListQuery};

    #[test]
    fn only_newest_first_property_filters_may_walk_the_time_index() {
        let candidate = |filter: &str, order: Option<&str>| {
            let q = ListQuery {
                filter: Some(filter.into()),
                order_by: order.map(str::to_owned),
                ..ListQuery::default()
            };
            walk_candidate(&compile(&q, Dialect::Sqlite).unwrap())
        };
        assert!(candidate("source_properties.Port = 4444", None));
        assert!(candidate(
            r#"category="Reverse Shell" AND source_properties.Port = 4444"#,
            Some("event_time desc")
        ));
        assert!(!candidate(
            "source_properties.Port = 4444",
            Some("event_time")
        ));
        assert!(!candidate(
            "source_properties.Port = 4444",
            Some("severity desc")
        ));
        assert!(!candidate(r#"category="Reverse Shell""#, None));
        assert!(!candidate("", None));
    }

    #[test]
    fn the_walk_is_chosen_when_it_is_at_most_twice_the_lookups() {
        // A page of 101 over a million findings: 10,000 matches (1%) walk about 10,100 steps.
        assert!(walk_is_shorter(101, 1_000_000, 10_000));
        // 5,000 matches would walk about 20,200 steps for 5,000 lookups.
        assert!(!walk_is_shorter(101, 1_000_000, 5_000));
        assert!(!walk_is_shorter(101, 1_000_000, 0));
        assert!(walk_is_shorter(101, 1_000_000, 1_000_000));
        assert!(!walk_is_shorter(usize::MAX, i64::MAX, i64::MAX / 2));
    }
}
