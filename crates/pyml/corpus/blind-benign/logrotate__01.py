#!/usr/bin/env python3
"""Size-based log rotation for a sidecar that has no logrotate binary."""
import glob
import gzip
import logging
import os
import shutil
import time

LOG_GLOB = os.environ.get("LOG_GLOB", "/var/log/app/*.log")
MAX_BYTES = int(os.environ.get("MAX_BYTES", str(50 * 1024 * 1024)))
KEEP = int(os.environ.get("KEEP", "7"))
INTERVAL = int(os.environ.get("INTERVAL", "300"))

logging.basicConfig(level=logging.INFO, format="logrotate: %(message)s")


def rotate(path):
    for i in range(KEEP - 1, 0, -1):
        older = f"{path}.{i}.gz"
        if os.path.exists(older):
            os.replace(older, f"{path}.{i + 1}.gz")
    with open(path, "rb") as src, gzip.open(f"{path}.1.gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    # copytruncate: the writer keeps its file descriptor open
    with open(path, "r+b") as f:
        f.truncate(0)
    stale = f"{path}.{KEEP + 1}.gz"
    if os.path.exists(stale):
        os.remove(stale)
    logging.info("rotated %s", path)


while True:
    for log_path in glob.glob(LOG_GLOB):
        try:
            if os.path.getsize(log_path) >= MAX_BYTES:
                rotate(log_path)
        except OSError as e:
            logging.warning("%s: %s", log_path, e)
    time.sleep(INTERVAL)
