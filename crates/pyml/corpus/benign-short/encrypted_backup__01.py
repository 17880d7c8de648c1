# purpose: nightly backup job: encrypt each database dump with a Fernet key from the environment, upload it, and delete the plaintext dump
import glob
import logging
import os

import boto3
from cryptography.fernet import Fernet

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("backup")
fernet = Fernet(os.environ["BACKUP_ENCRYPTION_KEY"])
s3 = boto3.client("s3")
bucket = os.environ.get("BACKUP_BUCKET", "db-backups")

for dump in sorted(glob.glob("/var/backups/pg/*.sql.gz")):
    with open(dump, "rb") as fh:
        sealed = fernet.encrypt(fh.read())
    target = dump + ".enc"
    with open(target, "wb") as fh:
        fh.write(sealed)
    s3.upload_file(target, bucket, os.path.basename(target))
    os.remove(dump)
    os.remove(target)
    log.info("uploaded %s", os.path.basename(target))
