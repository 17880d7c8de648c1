#!/usr/bin/env python3
"""GDPR Art.17 erasure worker.

Pulls approved erasure requests from Postgres, overwrites every stored file
belonging to the subject with zeros, unlinks it, and records an audit entry.
"""
import logging
import os
import sys
from datetime import datetime, timezone

import psycopg2

USER_FILES_ROOT = "/data/user-uploads"
DSN = os.environ["DATABASE_URL"]
log = logging.getLogger("erasure")


def secure_delete(path: str, passes: int = 1) -> int:
    size = os.path.getsize(path)
    zeros = b"\x00" * (1 << 20)
    with open(path, "r+b", buffering=0) as fh:
        for _ in range(passes):
            fh.seek(0)
            remaining = size
            while remaining > 0:
                n = min(remaining, len(zeros))
                fh.write(zeros[:n])
                remaining -= n
            os.fsync(fh.fileno())
    os.unlink(path)
    return size


def erase_subject(user_id: str) -> tuple:
    base = os.path.realpath(os.path.join(USER_FILES_ROOT, user_id))
    if not base.startswith(USER_FILES_ROOT + os.sep):
        raise ValueError(f"refusing suspicious path for user {user_id!r}")
    files = bytes_ = 0
    if not os.path.isdir(base):
        return files, bytes_
    for root, dirs, names in os.walk(base, topdown=False):
        for n in names:
            p = os.path.join(root, n)
            if os.path.islink(p):
                os.unlink(p)
                continue
            bytes_ += secure_delete(p)
            files += 1
        for d in dirs:
            os.rmdir(os.path.join(root, d))
    os.rmdir(base)
    return files, bytes_


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    conn = psycopg2.connect(DSN)
    conn.autocommit = False
    with conn, conn.cursor() as cur:
        cur.execute("""SELECT id, user_id FROM erasure_requests
                       WHERE status = 'approved' ORDER BY created_at
                       FOR UPDATE SKIP LOCKED LIMIT 50""")
        for req_id, user_id in cur.fetchall():
            try:
                files, nbytes = erase_subject(str(user_id))
                cur.execute("UPDATE erasure_requests SET status='done', completed_at=%s WHERE id=%s",
                            (datetime.now(timezone.utc), req_id))
                cur.execute("INSERT INTO erasure_audit (request_id, files_erased, bytes_erased)"
                            " VALUES (%s, %s, %s)", (req_id, files, nbytes))
                log.info("request %s: erased %d files (%d bytes)", req_id, files, nbytes)
            except Exception:
                log.exception("request %s failed", req_id)
                cur.execute("UPDATE erasure_requests SET status='error' WHERE id=%s", (req_id,))
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
