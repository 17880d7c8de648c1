#!/usr/bin/env python3
"""Readiness check used by the Kubernetes readinessProbe (exec).

Checks that the local API answers, that the database is reachable and
that the upload directory is writable. Prints a JSON summary.
"""
import json
import logging
import os
import socket
import sys
import tempfile
import urllib.error
import urllib.request

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
log = logging.getLogger("ready")


def check_http():
    url = os.environ.get("READY_URL", "http://localhost:8000/api/ready")
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, socket.timeout) as e:
        log.warning("http check: %s", e)
        return False


def check_db():
    host = os.environ.get("DB_HOST", "postgres.default.svc.cluster.local")
    port = int(os.environ.get("DB_PORT", "5432"))
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError as e:
        log.warning("db check: %s", e)
        return False


def check_disk():
    path = os.environ.get("UPLOAD_DIR", "/var/lib/app/uploads")
    try:
        with tempfile.NamedTemporaryFile(dir=path):
            pass
        return True
    except OSError as e:
        log.warning("disk check: %s", e)
        return False


def main():
    results = {"http": check_http(), "db": check_db(), "disk": check_disk()}
    print(json.dumps(results))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
