#!/usr/bin/env python3
"""Cron-like scheduler for a single container: runs management commands at
fixed minutes without needing crond. Schedule: (minute spec, hour spec, argv)."""
import datetime
import logging
import subprocess
import time

SCHEDULE = [
    ("*/5", "*", ["python3", "manage.py", "send_queued_mail"]),
    ("0", "*", ["python3", "manage.py", "clearsessions"]),
    ("30", "3", ["python3", "manage.py", "rebuild_search_index", "--noinput"]),
]
logging.basicConfig(level=logging.INFO, format="%(asctime)s cron %(message)s")


def matches(spec, value):
    if spec == "*":
        return True
    if spec.startswith("*/"):
        return value % int(spec[2:]) == 0
    return value in {int(v) for v in spec.split(",")}


def tick(now):
    for minute, hour, argv in SCHEDULE:
        if matches(minute, now.minute) and matches(hour, now.hour):
            logging.info("run %s", " ".join(argv))
            try:
                rc = subprocess.run(argv, cwd="/app", timeout=3000).returncode
                logging.info("done %s rc=%d", argv[2], rc)
            except subprocess.TimeoutExpired:
                logging.error("timeout %s", argv[2])


if __name__ == "__main__":
    last = None
    while True:
        now = datetime.datetime.now().replace(second=0, microsecond=0)
        if now != last:
            tick(now)
            last = now
        time.sleep(60 - datetime.datetime.now().second + 0.5)
