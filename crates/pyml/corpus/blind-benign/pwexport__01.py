#!/usr/bin/env python3
"""Encrypt a password-manager export (Bitwarden JSON, KeePassXC/1Password CSV).

Exports are written in plaintext by every password manager. This wraps the file
with a passphrase (scrypt + AES-256-GCM) and then overwrites and removes the
plaintext export unless --keep is given.

    vault-export-lock bitwarden_export_20240301.json
    vault-export-lock --decrypt bitwarden_export_20240301.json.vxl
"""
import argparse
import getpass
import os
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"VXL1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 17, 8, 1


def derive(passphrase, salt):
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode())


def scrub(path):
    size = os.path.getsize(path)
    with open(path, "r+b", buffering=0) as f:
        f.write(os.urandom(size))
        os.fsync(f.fileno())
    os.remove(path)


def lock(path, keep):
    pw = getpass.getpass("Passphrase: ")
    if pw != getpass.getpass("Again: "):
        sys.exit("passphrases do not match")
    if len(pw) < 10:
        sys.exit("use at least 10 characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    with open(path, "rb") as f:
        plain = f.read()
    ct = AESGCM(derive(pw, salt)).encrypt(nonce, plain, MAGIC)
    out = path + ".vxl"
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(MAGIC + salt + nonce + ct)
    # round-trip before touching the original
    with open(out, "rb") as f:
        blob = f.read()
    assert AESGCM(derive(pw, salt)).decrypt(blob[20:32], blob[32:], MAGIC) == plain
    print(f"wrote {out}")
    if not keep:
        scrub(path)
        print(f"plaintext export {path} overwritten and removed")


def unlock(path):
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] != MAGIC:
        sys.exit("not a vault export archive")
    salt, nonce, ct = blob[4:20], blob[20:32], blob[32:]
    key = derive(getpass.getpass("Passphrase: "), salt)
    try:
        plain = AESGCM(key).decrypt(nonce, ct, MAGIC)
    except Exception:
        sys.exit("wrong passphrase or corrupted file")
    out = path[:-4] if path.endswith(".vxl") else path + ".out"
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(plain)
    print(f"restored {out} - import it and delete it again")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--decrypt", action="store_true")
    ap.add_argument("--keep", action="store_true", help="do not remove the plaintext export")
    a = ap.parse_args()
    unlock(a.file) if a.decrypt else lock(a.file, a.keep)


if __name__ == "__main__":
    main()
