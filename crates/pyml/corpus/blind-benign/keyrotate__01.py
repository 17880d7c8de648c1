#!/usr/bin/env python3
"""Rotate the Fernet key protecting files under /var/lib/secrets-store.

Usage: rotate_secrets.py --new-key-file /run/keys/new.key --old-key-file /run/keys/current.key
Each *.secret is decrypted with any known key and re-encrypted with the new primary.
Writes are atomic (tmp file + fsync + os.replace), so a crash never leaves a half file.
"""
import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

log = logging.getLogger("rotate")


def load_key(p: str) -> Fernet:
    return Fernet(Path(p).read_bytes().strip())


def atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rot-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default="/var/lib/secrets-store")
    ap.add_argument("--new-key-file", required=True)
    ap.add_argument("--old-key-file", action="append", default=[])
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    mf = MultiFernet([load_key(args.new_key_file)] + [load_key(k) for k in args.old_key_file])
    rotated = failed = 0
    for path in sorted(Path(args.store).rglob("*.secret")):
        token = path.read_bytes()
        try:
            new_token = mf.rotate(token)
        except InvalidToken:
            log.error("cannot decrypt %s with any configured key", path)
            failed += 1
            continue
        if args.dry_run:
            log.info("would rotate %s", path)
        else:
            atomic_write(path, new_token)
        rotated += 1

    log.info("rotated=%d failed=%d", rotated, failed)
    if failed:
        log.warning("old keys must NOT be retired until failures are resolved")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
