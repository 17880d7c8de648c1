//! The fleet store: PostgreSQL.

use crate::counts::CountKey;
use crate::filter::{Dialect, SqlParam};
use crate::{
    compile, decode, next_token, property_text, FindingStore, ListPage, ListQuery, Row, StoreError,
};
use postgres::types::ToSql;
use postgres::{Client, NoTls};
use shrike_core::finding::{FindingEnvelope, Mute, State};

/// Migrations, in order; each runs once, in a transaction.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_findings.sql")),
    (
        2,
        include_str!("../migrations/postgres/0002_finding_properties.sql"),
    ),
    (
        3,
        include_str!("../migrations/postgres/0003_envelope_text.sql"),
    ),
    (
        4,
        include_str!("../migrations/postgres/0004_finding_counts.sql"),
    ),
];

/// Inserts between two foldings of the fresh count rows (see migration 4).
const FOLD_EVERY: u32 = 16;

fn err(e: postgres::Error) -> StoreError {
    StoreError::Backend {
        backend: "postgres",
        message: e.to_string(),
    }
}

/// A PostgreSQL findings store.
pub struct PostgresStore {
    client: Client,
    /// Inserts since the count rows were last folded.
    unfolded: u32,
}

fn boxed(params: &[SqlParam]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + Sync> {
            match p {
                SqlParam::Text(s) => Box::new(s.clone()),
                SqlParam::Int(i) => Box::new(*i),
            }
        })
        .collect()
}

impl PostgresStore {
    /// Connects (`postgres://user:password@host:port/db`) and applies migrations.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let client = Client::connect(url, NoTls).map_err(|e| StoreError::Backend {
            backend: "postgres",
            message: format!("connecting: {e}"),
        })?;
        let mut store = Self {
            client,
            unfolded: 0,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let mut tx = self.client.transaction().map_err(err)?;
        // Concurrent servers migrating at once take turns.
        tx.batch_execute("SELECT pg_advisory_xact_lock(7355608)")
            .map_err(err)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .map_err(err)?;
        for (version, sql) in MIGRATIONS {
            let done = tx
                .query_opt(
                    "SELECT version FROM schema_migrations WHERE version = $1",
                    &[version],
                )
                .map_err(err)?;
            if done.is_none() {
                tx.batch_execute(sql).map_err(err)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)",
                    &[version],
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
        let mut tx = self.client.transaction().map_err(err)?;
        let row = tx
            .query_opt(
                "SELECT envelope::text FROM findings WHERE name = $1 FOR UPDATE",
                &[&name],
            )
            .map_err(err)?;
        let Some(row) = row else {
            return Err(StoreError::NotFound {
                name: name.to_owned(),
            });
        };
        let mut envelope = decode(name, row.get::<_, &str>(0))?;
        let before = CountKey::of(&Row::of(&envelope));
        change(&mut envelope);
        let r = Row::of(&envelope);
        tx.execute(
            "UPDATE findings SET state = $2, mute = $3, envelope = $4 WHERE name = $1",
            &[&r.name, &r.state, &r.mute, &r.envelope],
        )
        .map_err(err)?;
        let after = CountKey::of(&r);
        if after != before {
            // The finding moves from one key to the other: two fresh rows, -1 and +1.
            let stmt = tx
                .prepare(&format!(
                    "INSERT INTO finding_counts ({}, n) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    crate::counts::KEY_COLUMNS
                ))
                .map_err(err)?;
            for (key, n) in [(&before, -1i64), (&after, 1)] {
                let [p, c, m, st, sev, mu, cn, ci] = key.texts();
                tx.execute(
                    &stmt,
                    &[&key.bucket_ns, &p, &c, &m, &st, &sev, &mu, &cn, &ci, &n],
                )
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(envelope)
    }
}

impl PostgresStore {
    /// Folds the fresh count rows into the settled ones (one per key), in one transaction, so
    /// that a count never reads more rows than there are keys plus recent inserts. Skipped
    /// when another writer is folding.
    fn fold_counts(&mut self) -> Result<(), StoreError> {
        let mut tx = self.client.transaction().map_err(err)?;
        let mine: bool = tx
            .query_one("SELECT pg_try_advisory_xact_lock(7355609)", &[])
            .map_err(err)?
            .get(0);
        if !mine {
            return Ok(());
        }
        let k = crate::counts::KEY_COLUMNS;
        tx.batch_execute(&format!(
            "WITH gone AS (DELETE FROM finding_counts WHERE fresh RETURNING {k}, n)
             INSERT INTO finding_counts ({k}, n, fresh)
             SELECT {k}, sum(n), false FROM gone GROUP BY {k}
             ON CONFLICT ({k}) WHERE NOT fresh
             DO UPDATE SET n = finding_counts.n + excluded.n"
        ))
        .map_err(err)?;
        tx.batch_execute("DELETE FROM finding_counts WHERE NOT fresh AND n = 0")
            .map_err(err)?;
        tx.commit().map_err(err)
    }
}

impl FindingStore for PostgresStore {
    fn insert(&mut self, findings: &[FindingEnvelope]) -> Result<usize, StoreError> {
        // One statement per chunk: the rows travel as parallel arrays unnested server-side (one
        // round trip per chunk, not per finding), and so do their properties, flattened here
        // as the SQLite backend does (JSON values other than strings and integers are turned
        // into text by the server, the way `->>` reads them).
        const CHUNK: usize = 1000;
        let mut tx = self.client.transaction().map_err(err)?;
        let stmt = tx
            .prepare(
                "WITH input AS (
                   SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::int8[], $10::int8[], $11::text[],
                     $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
                     AS t(name, parent, finding_id, category, module_name, state,
                       severity, mute, event_time_ns, create_time_ns, resource_name, resource_type,
                       resource_display_name, project_display_name, container_name,
                       container_image, envelope)),
                 added AS (
                   INSERT INTO findings (name, parent, finding_id, category, module_name, state, severity, mute,
                     event_time_ns, create_time_ns, resource_name, resource_type, resource_display_name,
                     project_display_name, container_name, container_image, envelope)
                   SELECT name, parent, finding_id, category, module_name, state, severity, mute,
                     event_time_ns, create_time_ns, resource_name, resource_type, resource_display_name,
                     project_display_name, container_name, container_image, envelope
                   -- In name order: concurrent writers given overlapping findings (re-deliveries)
                   -- then wait on each other's rows in one order, and cannot deadlock.
                   FROM input ORDER BY name
                   ON CONFLICT (name) DO NOTHING
                   RETURNING name, parent, category, module_name, state, severity, mute,
                     event_time_ns, container_name, container_image),
                 counted AS (
                   INSERT INTO finding_counts (bucket_ns, parent, category, module_name, state,
                     severity, mute, container_name, container_image, n)
                   SELECT BUCKET, parent, category, module_name, state, severity, mute,
                     COALESCE(container_name, ''), COALESCE(container_image, ''), count(*)
                   FROM added GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
                 props AS (
                   INSERT INTO finding_properties (name, key, value)
                   SELECT p.name, p.key, CASE WHEN p.json THEN p.value::jsonb #>> '{}' ELSE p.value END
                   FROM unnest($18::text[], $19::text[], $20::text[], $21::bool[]) AS p(name, key, value, json)
                   JOIN added ON added.name = p.name)
                 SELECT count(*) FROM added"
                    .replace("BUCKET", crate::counts::BUCKET_SQL)
                    .as_str(),
            )
            .map_err(err)?;
        let mut inserted = 0;
        for chunk in findings.chunks(CHUNK) {
            let rows: Vec<Row> = chunk.iter().map(Row::of).collect();
            macro_rules! column {
                ($field:ident) => {
                    rows.iter().map(|r| &r.$field).collect::<Vec<_>>()
                };
            }
            let (mut prop_names, mut keys, mut values, mut json) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for f in chunk {
                for (key, value) in &f.finding.source_properties {
                    let Some((text, is_json)) = property_text(value) else {
                        continue;
                    };
                    prop_names.push(f.finding.name.as_str());
                    keys.push(key.as_str());
                    values.push(text);
                    json.push(is_json);
                }
            }
            let added: i64 = tx
                .query_one(
                    &stmt,
                    &[
                        &column!(name),
                        &column!(parent),
                        &column!(finding_id),
                        &column!(category),
                        &column!(module_name),
                        &column!(state),
                        &column!(severity),
                        &column!(mute),
                        &column!(event_time_ns),
                        &column!(create_time_ns),
                        &column!(resource_name),
                        &column!(resource_type),
                        &column!(resource_display_name),
                        &column!(project_display_name),
                        &column!(container_name),
                        &column!(container_image),
                        &column!(envelope),
                        &prop_names,
                        &keys,
                        &values,
                        &json,
                    ],
                )
                .map_err(err)?
                .get(0);
            inserted += usize::try_from(added).unwrap_or(0);
        }
        tx.commit().map_err(err)?;
        self.unfolded += 1;
        if self.unfolded >= FOLD_EVERY {
            self.unfolded = 0;
            self.fold_counts()?;
        }
        Ok(inserted)
    }

    fn get(&mut self, name: &str) -> Result<FindingEnvelope, StoreError> {
        let row = self
            .client
            .query_opt(
                "SELECT envelope::text FROM findings WHERE name = $1",
                &[&name],
            )
            .map_err(err)?;
        match row {
            Some(row) => decode(name, row.get::<_, &str>(0)),
            None => Err(StoreError::NotFound {
                name: name.to_owned(),
            }),
        }
    }

    fn list(&mut self, query: &ListQuery) -> Result<ListPage, StoreError> {
        let q = compile(query, Dialect::Postgres)?;
        let (where_sql, params) = crate::where_clause(query, &q, Dialect::Postgres);
        let owned = boxed(&params);
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        let total: i64 = if query.skip_total {
            0
        } else if let Some(statements) =
            crate::counts::plan(query, q.expr.as_ref()).map(|p| p.total(Dialect::Postgres))
        {
            let mut total = 0;
            for s in statements {
                let owned = boxed(&s.params);
                let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
                total += self
                    .client
                    .query_one(&s.sql, &refs)
                    .map_err(err)?
                    .get::<_, i64>(0);
            }
            total
        } else {
            self.client
                .query_one(&format!("SELECT count(*) FROM findings {where_sql}"), &refs)
                .map_err(err)?
                .get(0)
        };
        // One row beyond the page says whether there is a next one.
        let (page_sql, page_params) = crate::page_clause(query, &q, Dialect::Postgres);
        let page_owned = boxed(&page_params);
        let page_refs: Vec<&(dyn ToSql + Sync)> = page_owned.iter().map(|b| b.as_ref()).collect();
        let sql = format!(
            "SELECT name, envelope::text{} FROM findings {page_sql} ORDER BY {} LIMIT {}",
            crate::key_columns(&q),
            q.order_by,
            q.limit + 1
        );
        let rows = self.client.query(&sql, &page_refs).map_err(err)?;
        let more = rows.len() > q.limit;
        let mut findings = Vec::with_capacity(rows.len().min(q.limit));
        let mut last = None;
        for row in rows.iter().take(q.limit) {
            findings.push(decode(row.get::<_, &str>(0), row.get::<_, &str>(1))?);
            last = Some(
                q.keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        if k.field.is_integer() {
                            SqlParam::Int(row.get(2 + i))
                        } else {
                            SqlParam::Text(row.get(2 + i))
                        }
                    })
                    .collect(),
            );
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
        let rows = self
            .client
            .query(
                "SELECT name FROM findings WHERE finding_id = $1 ORDER BY name",
                &[&id],
            )
            .map_err(err)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn histogram(
        &mut self,
        query: &ListQuery,
        bins: usize,
    ) -> Result<Option<crate::Histogram>, StoreError> {
        let q = compile(query, Dialect::Postgres)?;
        let Some(plan) = crate::counts::plan(query, q.expr.as_ref()) else {
            return Ok(None);
        };
        let client = std::cell::RefCell::new(&mut self.client);
        crate::histogram_with(
            &plan,
            Dialect::Postgres,
            bins,
            |s| {
                let owned = boxed(&s.params);
                let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
                let row = client.borrow_mut().query_one(&s.sql, &refs).map_err(err)?;
                Ok((row.get(0), row.get(1)))
            },
            |s| {
                let owned = boxed(&s.params);
                let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
                let rows = client.borrow_mut().query(&s.sql, &refs).map_err(err)?;
                Ok(rows
                    .iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2)))
                    .collect())
            },
        )
        .map(Some)
    }
}
