#!/usr/bin/env python3
"""Nightly Postgres backup CronJob: pg_dump | gzip -> S3, then prune old dumps."""
import datetime as dt
import gzip
import logging
import os
import shutil
import subprocess
import sys

import boto3

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

BUCKET = os.environ["BACKUP_BUCKET"]
PREFIX = os.environ.get("BACKUP_PREFIX", "postgres/")
KEEP_DAYS = int(os.environ.get("BACKUP_KEEP_DAYS", "14"))


def dump(path):
    env = dict(os.environ, PGPASSWORD=os.environ.get("PGPASSWORD", ""))
    cmd = ["pg_dump", "--format=custom", "--no-owner",
           "-h", os.environ.get("PGHOST", "postgres"), "-U", os.environ.get("PGUSER", "postgres"),
           os.environ.get("PGDATABASE", "app")]
    with open(path + ".raw", "wb") as raw:
        subprocess.run(cmd, stdout=raw, env=env, check=True)
    with open(path + ".raw", "rb") as src, gzip.open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.remove(path + ".raw")


def main():
    stamp = dt.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")
    local = f"/tmp/app-{stamp}.dump.gz"
    dump(local)
    s3 = boto3.client("s3", region_name=os.environ.get("AWS_REGION", "us-east-1"))
    key = f"{PREFIX}app-{stamp}.dump.gz"
    s3.upload_file(local, BUCKET, key, ExtraArgs={"ServerSideEncryption": "AES256"})
    logging.info("uploaded s3://%s/%s (%d bytes)", BUCKET, key, os.path.getsize(local))
    os.remove(local)

    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=KEEP_DAYS)
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=PREFIX)
    for page in pages:
        for obj in page.get("Contents", []):
            if obj["LastModified"] < cutoff:
                s3.delete_object(Bucket=BUCKET, Key=obj["Key"])
                logging.info("pruned %s", obj["Key"])


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as e:
        logging.error("pg_dump failed with %s", e.returncode)
        sys.exit(1)
