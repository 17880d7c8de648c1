#!/usr/bin/env python3
"""Nightly restic backup driver for the database hosts.

Runs a pg_dump pre-hook, pushes the dump and /etc into the encrypted restic
repository, applies the retention policy and exports node_exporter metrics.
"""
import argparse
import logging
import os
import socket
import subprocess
import sys
import time

REPO = os.environ.get("RESTIC_REPOSITORY", "s3:https://s3.eu-central-1.amazonaws.com/acme-backups/restic")
PASSWORD_FILE = os.environ.get("RESTIC_PASSWORD_FILE", "/etc/restic/password")
DUMP_DIR = "/var/backups/pg"
PATHS = ["/etc", DUMP_DIR, "/var/lib/grafana"]
EXCLUDES = "/etc/restic/excludes.txt"
METRICS = "/var/lib/node_exporter/textfile/restic.prom"
RETENTION = ["--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "6"]

log = logging.getLogger("backup")


def restic(*args, check=True):
    env = dict(os.environ, RESTIC_REPOSITORY=REPO, RESTIC_PASSWORD_FILE=PASSWORD_FILE)
    cmd = ["restic", "--quiet", *args]
    log.info("running %s", " ".join(cmd))
    return subprocess.run(cmd, env=env, check=check)


def dump_postgres():
    os.makedirs(DUMP_DIR, mode=0o700, exist_ok=True)
    out = os.path.join(DUMP_DIR, f"{socket.gethostname()}.dump")
    subprocess.run(["sudo", "-u", "postgres", "pg_dumpall", "--clean", "-f", out], check=True)
    return out


def write_metrics(ok, started):
    tmp = METRICS + ".tmp"
    with open(tmp, "w") as f:
        f.write(f'restic_backup_success{{host="{socket.gethostname()}"}} {int(ok)}\n')
        f.write(f"restic_backup_duration_seconds {time.time() - started:.0f}\n")
        f.write(f"restic_backup_last_run_timestamp {int(time.time())}\n")
    os.replace(tmp, METRICS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-prune", action="store_true")
    ap.add_argument("--init", action="store_true", help="initialise the repository first")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    started, ok = time.time(), False
    try:
        if args.init:
            restic("init")
        dump = dump_postgres()
        restic("backup", "--tag", "nightly", "--exclude-file", EXCLUDES,
               "--host", socket.gethostname(), *PATHS)
        if not args.no_prune:
            restic("forget", "--prune", "--host", socket.gethostname(), *RETENTION)
        restic("check", "--read-data-subset", "5%")
        os.remove(dump)  # it's in the repo now; don't keep plaintext dumps around
        ok = True
    except subprocess.CalledProcessError as e:
        log.error("backup step failed: %s (rc=%s)", e.cmd, e.returncode)
    finally:
        write_metrics(ok, started)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
