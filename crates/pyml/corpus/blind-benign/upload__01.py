#!/usr/bin/env python3
"""Upload generated reports to S3. Credentials come from the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY env vars (or the IRSA role)."""
import argparse
import mimetypes
import os
import pathlib

import boto3
from botocore.config import Config


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("directory")
    ap.add_argument("--bucket", default=os.environ.get("REPORTS_BUCKET", "reports-example"))
    ap.add_argument("--prefix", default="daily/")
    ap.add_argument("--endpoint-url", default=os.environ.get("S3_ENDPOINT_URL"))
    args = ap.parse_args()

    s3 = boto3.client(
        "s3",
        endpoint_url=args.endpoint_url,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
        config=Config(retries={"max_attempts": 5, "mode": "standard"}),
    )
    root = pathlib.Path(args.directory)
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        key = args.prefix + path.relative_to(root).as_posix()
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        s3.upload_file(str(path), args.bucket, key, ExtraArgs={"ContentType": ctype})
        print(f"s3://{args.bucket}/{key}")


if __name__ == "__main__":
    main()
