# purpose: wait until postgres accepts queries (not just TCP) using psycopg2, with exponential backoff
import os, sys, time
import psycopg2
delay = 0.5
for attempt in range(12):
    try:
        psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=3).close()
        print("postgres is up")
        sys.exit(0)
    except psycopg2.OperationalError as e:
        print(f"attempt {attempt + 1}: {str(e).strip()}")
        time.sleep(delay)
        delay = min(delay * 2, 10)
sys.exit(1)
