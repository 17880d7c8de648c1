# purpose: sqlite schema migration for a small service, using PRAGMA user_version to track the schema level
import sqlite3

MIGRATIONS = [
    "CREATE TABLE jobs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created REAL)",
    "ALTER TABLE jobs ADD COLUMN status TEXT DEFAULT 'queued'",
    "CREATE INDEX idx_jobs_status ON jobs(status)",
]

db = sqlite3.connect("/data/app.db")
version = db.execute("PRAGMA user_version").fetchone()[0]
for i, stmt in enumerate(MIGRATIONS[version:], start=version + 1):
    with db:
        db.execute(stmt)
        db.execute(f"PRAGMA user_version = {i}")
    print("migrated to", i)
db.close()
