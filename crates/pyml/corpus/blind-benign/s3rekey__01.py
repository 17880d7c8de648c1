#!/usr/bin/env python3
"""Rotate server-side encryption on an S3 bucket to a new KMS key.

S3 does not re-encrypt existing objects when the bucket default changes, so we
copy every object onto itself with the new SSE-KMS key. Metadata and tags are
preserved (MetadataDirective=COPY). Dry-run by default.

    rotate_sse.py my-bucket arn:aws:kms:eu-west-1:123456789012:key/abcd... --apply
"""
import argparse
import logging
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

MULTIPART_THRESHOLD = 5 * 1024 ** 3 - 1
log = logging.getLogger("rotate-sse")


def needs_rotation(s3, bucket, key, new_key_arn):
    head = s3.head_object(Bucket=bucket, Key=key)
    return head.get("SSEKMSKeyId") != new_key_arn, head


def rewrite(s3, bucket, key, size, new_key_arn):
    extra = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": new_key_arn,
             "BucketKeyEnabled": True}
    src = {"Bucket": bucket, "Key": key}
    if size < MULTIPART_THRESHOLD:
        s3.copy_object(Bucket=bucket, Key=key, CopySource=src,
                       MetadataDirective="COPY", TaggingDirective="COPY", **extra)
    else:
        # managed copy handles multipart for >5GB objects
        s3.copy(src, bucket, key, ExtraArgs=extra,
                Config=TransferConfig(multipart_threshold=MULTIPART_THRESHOLD))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bucket")
    ap.add_argument("kms_key_arn")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--apply", action="store_true", help="actually rewrite objects")
    ap.add_argument("--set-default", action="store_true", help="also update bucket default encryption")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    s3 = boto3.client("s3")
    if args.set_default and args.apply:
        s3.put_bucket_encryption(Bucket=args.bucket, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": args.kms_key_arn},
                "BucketKeyEnabled": True}]})
        log.info("bucket default encryption updated")

    seen = rotated = failed = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args.bucket, Prefix=args.prefix):
        for obj in page.get("Contents", []):
            seen += 1
            try:
                todo, head = needs_rotation(s3, args.bucket, obj["Key"], args.kms_key_arn)
                if not todo:
                    continue
                if head.get("StorageClass") in ("GLACIER", "DEEP_ARCHIVE"):
                    log.warning("skipping archived object %s", obj["Key"])
                    continue
                if args.apply:
                    rewrite(s3, args.bucket, obj["Key"], obj["Size"], args.kms_key_arn)
                rotated += 1
            except ClientError as e:
                failed += 1
                log.error("%s: %s", obj["Key"], e.response["Error"]["Code"])
    mode = "rotated" if args.apply else "would rotate"
    log.info("scanned %d objects, %s %d, %d errors", seen, mode, rotated, failed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
