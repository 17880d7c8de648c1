#!/usr/bin/env python3
"""Nightly encrypted backup of /srv/app/data to S3.

Runs as a k8s CronJob. Key comes from BACKUP_FERNET_KEY (mounted from a Secret).
"""
import argparse
import datetime as dt
import logging
import os
import shutil
import sys
import tarfile
import tempfile

import boto3
from cryptography.fernet import Fernet

log = logging.getLogger("backup")

EXCLUDE_DIRS = {".cache", "tmp", "__pycache__", "lost+found"}


def build_tarball(src: str, dest: str) -> int:
    count = 0
    with tarfile.open(dest, "w:gz") as tar:
        for root, dirs, files in os.walk(src):
            dirs[:] = [d for d in dirs if d not in EXCLUDE_DIRS]
            for name in files:
                full = os.path.join(root, name)
                if os.path.islink(full):
                    continue
                tar.add(full, arcname=os.path.relpath(full, src))
                count += 1
    return count


def encrypt_file(path: str, key: bytes) -> str:
    out = path + ".enc"
    with open(path, "rb") as fh:
        token = Fernet(key).encrypt(fh.read())
    with open(out, "wb") as fh:
        fh.write(token)
    return out


def upload(path: str, bucket: str, prefix: str) -> str:
    s3 = boto3.client("s3")
    key = f"{prefix.rstrip('/')}/{os.path.basename(path)}"
    s3.upload_file(path, bucket, key, ExtraArgs={"ServerSideEncryption": "AES256",
                                                  "StorageClass": "STANDARD_IA"})
    return key


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default="/srv/app/data")
    ap.add_argument("--bucket", default=os.environ.get("BACKUP_BUCKET", "acme-prod-backups"))
    ap.add_argument("--prefix", default="app-data")
    ap.add_argument("--keep-local", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    key = os.environ.get("BACKUP_FERNET_KEY")
    if not key:
        log.error("BACKUP_FERNET_KEY not set")
        return 2

    stamp = dt.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")
    workdir = tempfile.mkdtemp(prefix="backup-")
    try:
        tar_path = os.path.join(workdir, f"app-data-{stamp}.tar.gz")
        n = build_tarball(args.source, tar_path)
        log.info("archived %d files (%d bytes)", n, os.path.getsize(tar_path))
        enc_path = encrypt_file(tar_path, key.encode())
        os.remove(tar_path)  # never leave plaintext archive on disk
        s3_key = upload(enc_path, args.bucket, args.prefix)
        log.info("uploaded s3://%s/%s", args.bucket, s3_key)
    except Exception:
        log.exception("backup failed")
        return 1
    finally:
        if not args.keep_local:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
