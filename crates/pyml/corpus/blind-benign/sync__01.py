#!/usr/bin/env python3
"""One-way sync of an upload spool into the served assets volume.

Files are copied to a hidden temp name in the destination dir and then
os.rename()'d into place so nginx never serves a partially written file.
Source files are removed only after the destination checksum matches.
"""
import hashlib
import logging
import os
import shutil
import sys
import time

SRC = os.environ.get("SYNC_SRC", "/spool/incoming")
DST = os.environ.get("SYNC_DST", "/srv/assets")
POLL = float(os.environ.get("SYNC_POLL", "5"))
SETTLE = 10  # seconds a file must be unchanged before we pick it up

log = logging.getLogger("sync")


def sha256(path, bufsize=1 << 20):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(bufsize), b""):
            h.update(chunk)
    return h.hexdigest()


def sync_one(src_path):
    rel = os.path.relpath(src_path, SRC)
    dst_path = os.path.join(DST, rel)
    os.makedirs(os.path.dirname(dst_path), exist_ok=True)
    tmp = os.path.join(os.path.dirname(dst_path), f".{os.path.basename(dst_path)}.part")
    shutil.copy2(src_path, tmp)
    if sha256(tmp) != sha256(src_path):
        os.unlink(tmp)
        raise IOError(f"checksum mismatch for {rel}")
    os.rename(tmp, dst_path)  # atomic on same filesystem
    os.unlink(src_path)
    log.info("synced %s", rel)


def pass_once():
    now = time.time()
    for root, dirs, files in os.walk(SRC):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith((".part", ".tmp")):
                continue
            p = os.path.join(root, name)
            try:
                if now - os.path.getmtime(p) < SETTLE:
                    continue
                sync_one(p)
            except Exception as exc:
                log.warning("skip %s: %s", p, exc)


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not os.path.isdir(SRC) or not os.path.isdir(DST):
        log.error("SRC/DST missing: %s %s", SRC, DST)
        return 1
    while True:
        pass_once()
        time.sleep(POLL)


if __name__ == "__main__":
    sys.exit(main())
