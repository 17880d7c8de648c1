//! The embedded store: one SQLite file in WAL mode.

use crate::filter::{Dialect, SqlParam};
use crate::{compile, decode, next_token, FindingStore, ListPage, ListQuery, Row, StoreError};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use shrike_core::finding::{FindingEnvelope, Mute, State};

/// Migrations, in order; each runs once, in a transaction.
const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("../migrations/sqlite/0001_findings.sql"))];

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
        let tx = self.conn.transaction().map_err(err)?;
        let mut inserted = 0;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO findings (name, parent, finding_id, category, module_name, state, severity, mute,
                       event_time_ns, create_time_ns, resource_name, resource_type, resource_display_name,
                       project_display_name, container_name, container_image, envelope)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
                     ON CONFLICT (name) DO NOTHING",
                )
                .map_err(err)?;
            for f in findings {
                let r = Row::of(f);
                inserted += stmt
                    .execute(params![
                        r.name,
                        r.parent,
                        r.finding_id,
                        r.category,
                        r.module_name,
                        r.state,
                        r.severity,
                        r.mute,
                        r.event_time_ns,
                        r.create_time_ns,
                        r.resource_name,
                        r.resource_type,
                        r.resource_display_name,
                        r.project_display_name,
                        r.container_name,
                        r.container_image,
                        r.envelope
                    ])
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
        let sql = format!(
            "SELECT name, envelope FROM findings {where_sql} ORDER BY {} LIMIT {} OFFSET {}",
            q.order_by, q.limit, q.offset
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
