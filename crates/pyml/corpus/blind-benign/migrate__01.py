#!/usr/bin/env python3
"""Run Alembic migrations at deploy time, retrying while the DB starts up."""
import argparse
import logging
import subprocess
import sys
import time

log = logging.getLogger("migrate")


def run_upgrade(revision: str) -> int:
    cmd = ["alembic", "-c", "/app/alembic.ini", "upgrade", revision]
    log.info("running: %s", " ".join(cmd))
    return subprocess.run(cmd, check=False).returncode


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--revision", default="head")
    p.add_argument("--retries", type=int, default=10)
    p.add_argument("--delay", type=float, default=3.0)
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    for attempt in range(1, args.retries + 1):
        rc = run_upgrade(args.revision)
        if rc == 0:
            log.info("migrations applied")
            return 0
        log.warning("attempt %d/%d failed (rc=%d), retrying in %.0fs",
                    attempt, args.retries, rc, args.delay)
        time.sleep(args.delay)
    log.error("giving up")
    return 1


if __name__ == "__main__":
    sys.exit(main())
