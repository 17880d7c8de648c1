#!/usr/bin/env python3
# Minimal SQL migration runner: applies migrations/NNNN_*.sql in order,
# recording applied versions in schema_migrations. Uses psycopg2.
import glob
import os
import sys

import psycopg2

MIGRATIONS_DIR = os.environ.get("MIGRATIONS_DIR", "/app/migrations")
dsn = os.environ.get("DATABASE_URL", "postgresql://app@postgres.default.svc.cluster.local/app")

conn = psycopg2.connect(dsn)
conn.autocommit = False
cur = conn.cursor()
cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz DEFAULT now())")
cur.execute("SELECT pg_advisory_lock(727274)")
cur.execute("SELECT version FROM schema_migrations")
applied = {row[0] for row in cur.fetchall()}
conn.commit()

pending = [p for p in sorted(glob.glob(os.path.join(MIGRATIONS_DIR, "*.sql")))
           if os.path.basename(p).split("_", 1)[0] not in applied]
if not pending:
    print("database is up to date")

for path in pending:
    version = os.path.basename(path).split("_", 1)[0]
    print(f"applying {os.path.basename(path)}")
    with open(path) as f:
        sql = f.read()
    try:
        cur.execute(sql)
        cur.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
        conn.commit()
    except psycopg2.Error as e:
        conn.rollback()
        print(f"migration {version} failed: {e}", file=sys.stderr)
        sys.exit(1)

cur.execute("SELECT pg_advisory_unlock(727274)")
conn.close()
