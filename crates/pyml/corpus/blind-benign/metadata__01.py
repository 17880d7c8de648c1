#!/usr/bin/env python3
# Discover the AWS region/AZ from instance metadata (IMDSv2) so the app can
# pick the nearest regional endpoint. Falls back to AWS_REGION.
import json
import os
import urllib.request

IMDS = "http://169.254.169.254"


def imds_region(timeout=1.0):
    tok_req = urllib.request.Request(
        f"{IMDS}/latest/api/token", method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    token = urllib.request.urlopen(tok_req, timeout=timeout).read().decode()
    doc_req = urllib.request.Request(
        f"{IMDS}/latest/dynamic/instance-identity/document",
        headers={"X-aws-ec2-metadata-token": token})
    doc = json.load(urllib.request.urlopen(doc_req, timeout=timeout))
    return doc["region"], doc["availabilityZone"]


try:
    region, az = imds_region()
except OSError:
    region, az = os.environ.get("AWS_REGION", "us-east-1"), "unknown"

print(json.dumps({"region": region, "availability_zone": az}))
