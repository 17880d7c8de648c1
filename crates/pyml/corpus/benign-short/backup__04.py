# purpose: prune old backups in a bucket, keeping daily copies for 14 days and monthly copies for a year
import datetime as dt
import os

import boto3

s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT", "http://minio.storage.svc:9000"))
bucket = os.environ.get("BACKUP_BUCKET", "db-backups")
now = dt.datetime.now(dt.timezone.utc)
to_delete = []
paginator = s3.get_paginator("list_objects_v2")
for page in paginator.paginate(Bucket=bucket, Prefix="postgres/"):
    for obj in page.get("Contents", []):
        age = (now - obj["LastModified"]).days
        is_monthly = obj["LastModified"].day == 1
        if age > 365 or (age > 14 and not is_monthly):
            to_delete.append({"Key": obj["Key"]})
for i in range(0, len(to_delete), 1000):
    s3.delete_objects(Bucket=bucket, Delete={"Objects": to_delete[i:i + 1000]})
print(f"deleted {len(to_delete)} old backups")
