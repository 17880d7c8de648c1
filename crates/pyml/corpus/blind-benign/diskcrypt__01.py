#!/usr/bin/env python3
"""Wrap a raw disk image in a LUKS2 container before it leaves the building.

Used by the infra team when shipping VM images / forensic copies to the DR
site. Must run as root (cryptsetup + loop devices).

    encrypt_image.py /srv/images/build01.img --keyfile /root/keys/dr.key
"""
import argparse
import hashlib
import os
import subprocess
import sys
import uuid

LUKS_OVERHEAD = 32 * 1024 * 1024


def run(*cmd, **kw):
    print("+", " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


def sha256_of(path, limit=None):
    h = hashlib.sha256()
    left = limit
    with open(path, "rb") as f:
        while left is None or left > 0:
            chunk = f.read(min(8 << 20, left) if left is not None else 8 << 20)
            if not chunk:
                break
            h.update(chunk)
            if left is not None:
                left -= len(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("image")
    ap.add_argument("--keyfile", required=True)
    ap.add_argument("--output")
    ap.add_argument("--remove-plaintext", action="store_true",
                    help="shred the source image after a successful verify")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("must be run as root")

    src = os.path.abspath(args.image)
    out = args.output or src + ".luks"
    size = os.path.getsize(src)
    if os.path.exists(out):
        sys.exit(f"{out} already exists")
    name = f"imgenc-{uuid.uuid4().hex[:8]}"
    mapper = f"/dev/mapper/{name}"

    run("fallocate", "-l", str(size + LUKS_OVERHEAD), out)
    run("cryptsetup", "luksFormat", "--type", "luks2", "--batch-mode",
        "--cipher", "aes-xts-plain64", "--key-size", "512", "--pbkdf", "argon2id",
        "--key-file", args.keyfile, out)
    run("cryptsetup", "open", "--key-file", args.keyfile, out, name)
    try:
        run("dd", f"if={src}", f"of={mapper}", "bs=4M", "conv=fsync", "status=progress")
        print("verifying...")
        want, got = sha256_of(src), sha256_of(mapper, limit=size)
    finally:
        run("cryptsetup", "close", name)

    if want != got:
        os.remove(out)
        sys.exit(f"verification failed: {want} != {got}; encrypted copy removed")
    with open(out + ".sha256", "w") as f:
        f.write(f"{want}  {os.path.basename(src)}  (plaintext, {size} bytes)\n")
    print(f"OK: {out} (plaintext sha256 {want})")
    if args.remove_plaintext:
        run("shred", "-n", "1", "-z", "-u", src)
        print(f"removed plaintext image {src}")


if __name__ == "__main__":
    main()
