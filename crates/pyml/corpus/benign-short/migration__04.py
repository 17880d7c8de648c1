# purpose: simple SQL-file migration runner that applies numbered .sql files once and records them in schema_migrations
import glob
import os

import psycopg2

conn = psycopg2.connect(os.environ["DATABASE_URL"])
conn.autocommit = False
with conn.cursor() as cur:
    cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz DEFAULT now())")
    cur.execute("SELECT name FROM schema_migrations")
    done = {r[0] for r in cur.fetchall()}
conn.commit()

for path in sorted(glob.glob("/app/migrations/*.sql")):
    name = os.path.basename(path)
    if name in done:
        continue
    print("applying", name)
    with conn.cursor() as cur, open(path) as fh:
        cur.execute(fh.read())
        cur.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
    conn.commit()
conn.close()
