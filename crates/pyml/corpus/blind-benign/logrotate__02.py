#!/usr/bin/env python3
"""Sidecar log rotator: compress logs older than a day, delete after retention."""
import gzip
import os
import shutil
import signal
import sys
import time

LOG_DIR = os.environ.get("LOG_DIR", "/var/log/app")
COMPRESS_AFTER = int(os.environ.get("COMPRESS_AFTER_HOURS", "24")) * 3600
RETAIN = int(os.environ.get("RETENTION_DAYS", "14")) * 86400
INTERVAL = int(os.environ.get("INTERVAL_SECONDS", "900"))
ACTIVE = {"app.log", "access.log", "error.log"}

running = True


def _stop(*_):
    global running
    running = False


def compress(path):
    gz = path + ".gz"
    with open(path, "rb") as src, gzip.open(gz, "wb", compresslevel=6) as dst:
        shutil.copyfileobj(src, dst)
    shutil.copystat(path, gz)
    os.remove(path)
    return gz


def sweep():
    now = time.time()
    compressed = deleted = 0
    for root, _dirs, files in os.walk(LOG_DIR):
        for name in files:
            path = os.path.join(root, name)
            try:
                age = now - os.path.getmtime(path)
            except FileNotFoundError:
                continue
            if name.endswith(".gz"):
                if age > RETAIN:
                    os.remove(path)
                    deleted += 1
            elif name.endswith(".log") or ".log." in name:
                if name in ACTIVE:
                    continue  # still being written by the app
                if age > COMPRESS_AFTER:
                    compress(path)
                    compressed += 1
    print(f"[logrotate] compressed={compressed} deleted={deleted}", flush=True)


def main():
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while running:
        try:
            sweep()
        except Exception as exc:
            print(f"[logrotate] error: {exc}", file=sys.stderr, flush=True)
        for _ in range(INTERVAL):
            if not running:
                break
            time.sleep(1)


if __name__ == "__main__":
    main()
