# purpose: init-container script that waits for the database, then runs alembic upgrade head with a lock to avoid concurrent migrations
import os
import sys
import time

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

DB_URL = os.environ["DATABASE_URL"]
LOCK_ID = 74211


def wait_for_db(engine, timeout=60):
    deadline = time.time() + timeout
    while True:
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return
        except sa.exc.OperationalError:
            if time.time() > deadline:
                raise
            print("database not ready, retrying...")
            time.sleep(2)


def main():
    engine = sa.create_engine(DB_URL)
    wait_for_db(engine)
    cfg = Config("/app/alembic.ini")
    cfg.set_main_option("sqlalchemy.url", DB_URL)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:id)"), {"id": LOCK_ID})
        try:
            command.upgrade(cfg, "head")
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:id)"), {"id": LOCK_ID})
    print("migrations complete")


if __name__ == "__main__":
    sys.exit(main())
