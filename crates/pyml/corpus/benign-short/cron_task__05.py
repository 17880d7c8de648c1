# purpose: hourly job that recomputes materialized views and logs how long each took
import os, time
import psycopg2
VIEWS = ["mv_daily_revenue", "mv_active_users", "mv_top_products"]
conn = psycopg2.connect(os.environ["DATABASE_URL"])
conn.autocommit = True
with conn.cursor() as cur:
    for v in VIEWS:
        t = time.perf_counter()
        cur.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {v}")
        print(f"{v}: {time.perf_counter() - t:.2f}s")
conn.close()
