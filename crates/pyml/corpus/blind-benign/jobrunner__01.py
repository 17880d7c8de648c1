#!/usr/bin/env python3
"""Run the maintenance jobs listed in jobs.yaml (shell snippets written by the
ops team and baked into the image), capturing output and timing."""
import argparse
import logging
import subprocess
import sys
import time

import yaml


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-c", "--config", default="/etc/maintenance/jobs.yaml")
    ap.add_argument("--only", help="run a single job by name")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    with open(args.config) as f:
        jobs = yaml.safe_load(f)["jobs"]

    failed = []
    for job in jobs:
        if args.only and job["name"] != args.only:
            continue
        start = time.monotonic()
        logging.info("job %s: %s", job["name"], job["run"])
        proc = subprocess.run(
            job["run"], shell=True, capture_output=True, text=True,
            timeout=job.get("timeout", 600), cwd=job.get("cwd", "/"),
        )
        dur = time.monotonic() - start
        for line in proc.stdout.splitlines():
            logging.info("  [%s] %s", job["name"], line)
        if proc.returncode != 0:
            logging.error("job %s failed rc=%d in %.1fs: %s", job["name"],
                          proc.returncode, dur, proc.stderr.strip())
            failed.append(job["name"])
        else:
            logging.info("job %s ok in %.1fs", job["name"], dur)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
