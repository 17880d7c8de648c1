#!/usr/bin/env python3
"""sops-style sealer: encrypt leaf values of YAML config files with a KMS data key.

  seal.py --kms-key alias/config-sealer config/*.yaml
Produces <name>.sealed.yaml next to each input; plaintext input is left alone
unless --remove-plaintext is passed (used in CI after the commit hook).
"""
import argparse
import base64
import os
import sys

import boto3
import yaml
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SKIP_KEYS = {"apiVersion", "kind", "name", "namespace"}


def seal_value(aes, value, path):
    nonce = os.urandom(12)
    ct = aes.encrypt(nonce, str(value).encode(), path.encode())
    return "ENC[AES256_GCM,data:%s,iv:%s]" % (
        base64.b64encode(ct).decode(), base64.b64encode(nonce).decode())


def walk(node, aes, path=""):
    if isinstance(node, dict):
        return {k: (v if k in SKIP_KEYS else walk(v, aes, f"{path}.{k}"))
                for k, v in node.items()}
    if isinstance(node, list):
        return [walk(v, aes, f"{path}[{i}]") for i, v in enumerate(node)]
    if node is None:
        return None
    return seal_value(aes, node, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kms-key", required=True)
    ap.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-west-1"))
    ap.add_argument("--remove-plaintext", action="store_true")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    kms = boto3.client("kms", region_name=args.region)
    for f in args.files:
        if f.endswith(".sealed.yaml"):
            continue
        dk = kms.generate_data_key(KeyId=args.kms_key, KeySpec="AES_256")
        aes = AESGCM(dk["Plaintext"])
        with open(f) as fh:
            doc = yaml.safe_load(fh)
        sealed = walk(doc, aes)
        sealed["sops"] = {
            "kms": [{"arn": dk["KeyId"],
                     "enc": base64.b64encode(dk["CiphertextBlob"]).decode()}],
            "version": "local-1",
        }
        out = f[:-5] + ".sealed.yaml" if f.endswith(".yaml") else f + ".sealed.yaml"
        tmp = out + ".tmp"
        with open(tmp, "w") as fh:
            yaml.safe_dump(sealed, fh, sort_keys=False)
        os.replace(tmp, out)
        del aes, dk
        if args.remove_plaintext:
            os.remove(f)
        print(f"sealed {f} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
