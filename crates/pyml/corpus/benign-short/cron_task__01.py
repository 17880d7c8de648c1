# purpose: kubernetes CronJob that purges expired sessions from the database
import os
import psycopg2
with psycopg2.connect(os.environ["DATABASE_URL"]) as conn, conn.cursor() as cur:
    cur.execute("DELETE FROM sessions WHERE expires_at < now()")
    print("expired sessions removed:", cur.rowcount)
