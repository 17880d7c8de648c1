//! The embedded store: one SQLite file in WAL mode.

use crate::filter::{Dialect, SqlParam};
use crate::{compile, decode, next_token, FindingStore, ListPage, ListQuery, Row, StoreError};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use shrike_core::finding::{FindingEnvelope, Mute, State};

/// Migrations, in order; each runs once, in a transaction.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_findings.sql")),
    (
        2,
        include_str!("../migrations/sqlite/0002_finding_properties.sql"),
    ),
];

/// Findings (and properties) per `INSERT` statement: 64 × 17 parameters stays well under
/// SQLite's limit of 32,766.
const ROWS_PER_INSERT: usize = 64;

/// `INSERT … VALUES (?1, …, ?17), (?18, …) ON CONFLICT (name) DO NOTHING` for `rows` findings.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO findings (name, parent, finding_id, category, module_name, state, severity, mute, \
         event_time_ns, create_time_ns, resource_name, resource_type, resource_display_name, \
         project_display_name, container_name, container_image, envelope) VALUES ",
    );
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..17 {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("?{}", r * 17 + c + 1));
        }
        sql.push(')');
    }
    sql.push_str(" ON CONFLICT (name) DO NOTHING");
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
}

impl rusqlite::ToSql for SqlParam {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            SqlParam::Text(s) => s.to_sql(),
            SqlParam::Int(i) => i.to_sql(),
        }
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` (`:memory:` for a private one) and
    /// applies migrations.
    pub fn open(path: &str) -> Result<Self, StoreError> {
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
        conn.pragma_update(None, "wal_autocheckpoint", 16384)
            .map_err(err)?;
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(err)?;
        let mut store = Self { conn };
        store.migrate()?;
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
        change(&mut envelope);
        let row = Row::of(&envelope);
        tx.execute(
            "UPDATE findings SET state = ?2, mute = ?3, envelope = ?4 WHERE name = ?1",
            params![row.name, row.state, row.mute, row.envelope],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(envelope)
    }
}

impl FindingStore for SqliteStore {
    fn insert(&mut self, findings: &[FindingEnvelope]) -> Result<usize, StoreError> {
        use rusqlite::types::Value as Sql;
        use serde_json::Value;
        let tx = self.conn.transaction().map_err(err)?;
        let mut inserted = 0;
        // Multi-row statements: per-statement overhead was a third of the insert cost.
        for chunk in findings.chunks(ROWS_PER_INSERT) {
            let mut values: Vec<Sql> = Vec::with_capacity(chunk.len() * 17);
            // (key, value text or JSON, finding name, value is JSON)
            let mut props: Vec<(Sql, Sql, Sql, bool)> = Vec::new();
            for f in chunk {
                let r = Row::of(f);
                for (key, value) in &f.finding.source_properties {
                    // Scalars are stored as the text the filter compares; fractional
                    // numbers, arrays and objects go through SQLite's own JSON text, as the
                    // migration's backfill does.
                    let (text, json) = match value {
                        Value::Null => continue,
                        Value::Bool(b) => (b.to_string(), false),
                        Value::String(s) => (s.clone(), false),
                        Value::Number(n) if n.is_i64() || n.is_u64() => (n.to_string(), false),
                        other => (other.to_string(), true),
                    };
                    props.push((
                        Sql::Text(key.clone()),
                        Sql::Text(text),
                        Sql::Text(r.name.clone()),
                        json,
                    ));
                }
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
            let mut stmt = tx.prepare_cached(&insert_sql(chunk.len())).map_err(err)?;
            inserted += stmt
                .execute(rusqlite::params_from_iter(values))
                .map_err(err)?;
            // A re-delivered finding's properties are already there: OR IGNORE keeps one copy.
            for group in props.chunks(ROWS_PER_INSERT) {
                let mut sql = String::from(
                    "INSERT OR IGNORE INTO finding_properties (key, value, name) VALUES ",
                );
                let mut params: Vec<Sql> = Vec::with_capacity(group.len() * 3);
                for (i, (k, v, n, json)) in group.iter().enumerate() {
                    let b = i * 3;
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    if *json {
                        sql.push_str(&format!(
                            "(?{}, CAST(json_extract(?{}, '$') AS TEXT), ?{})",
                            b + 1,
                            b + 2,
                            b + 3
                        ));
                    } else {
                        sql.push_str(&format!("(?{}, ?{}, ?{})", b + 1, b + 2, b + 3));
                    }
                    params.extend([k.clone(), v.clone(), n.clone()]);
                }
                tx.prepare_cached(&sql)
                    .map_err(err)?
                    .execute(rusqlite::params_from_iter(params))
                    .map_err(err)?;
            }
        }
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
        let q = compile(query, Dialect::Sqlite)?;
        let (where_sql, params) = crate::where_clause(query, &q, Dialect::Sqlite);
        let total: i64 = self
            .conn
            .query_row(
                &format!("SELECT count(*) FROM findings {where_sql}"),
                params_from_iter(params.iter()),
                |r| r.get(0),
            )
            .map_err(err)?;
        // Sort and page on row ids first, then read the ~1 KB envelopes of the page only: a
        // filter that matches thousands of findings out of index order (a source property)
        // would otherwise sort all their envelopes.
        let sql = format!(
            "SELECT name, envelope FROM findings WHERE rowid IN \
             (SELECT rowid FROM findings {where_sql} ORDER BY {order} LIMIT {} OFFSET {}) \
             ORDER BY {order}",
            q.limit,
            q.offset,
            order = q.order_by,
        );
        let mut stmt = self.conn.prepare(&sql).map_err(err)?;
        let rows = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(err)?;
        let mut findings = Vec::new();
        for row in rows {
            let (name, json) = row.map_err(err)?;
            findings.push(decode(&name, &json)?);
        }
        let total = total as u64;
        let next_page_token = next_token(&q, findings.len(), total);
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
}
