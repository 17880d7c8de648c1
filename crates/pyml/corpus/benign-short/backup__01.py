# purpose: nightly backup job: pg_dump the app database, gzip it and upload to the internal S3-compatible store with boto3
import datetime
import gzip
import os
import shutil
import subprocess
import tempfile

import boto3

BUCKET = os.environ.get("BACKUP_BUCKET", "db-backups")
ENDPOINT = os.environ.get("S3_ENDPOINT", "http://minio.storage.svc:9000")
stamp = datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")
key = f"postgres/{os.environ.get('PGDATABASE', 'app')}-{stamp}.sql.gz"

with tempfile.TemporaryDirectory() as tmp:
    raw = os.path.join(tmp, "dump.sql")
    with open(raw, "wb") as out:
        subprocess.run(["pg_dump", "--no-owner", "--no-privileges"], stdout=out, check=True)
    gz = raw + ".gz"
    with open(raw, "rb") as fi, gzip.open(gz, "wb", compresslevel=6) as fo:
        shutil.copyfileobj(fi, fo)
    s3 = boto3.client("s3", endpoint_url=ENDPOINT)
    s3.upload_file(gz, BUCKET, key)
print(f"uploaded s3://{BUCKET}/{key}")
