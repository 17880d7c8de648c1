# purpose: back up a directory of uploaded files to Google Cloud Storage, skipping objects that are unchanged (md5 compare)
import base64
import hashlib
import os

from google.cloud import storage

client = storage.Client()
bucket = client.bucket(os.environ.get("GCS_BUCKET", "media-backup"))
root = "/app/media"
uploaded = skipped = 0
for dirpath, _, files in os.walk(root):
    for name in files:
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, root)
        with open(path, "rb") as fh:
            md5 = base64.b64encode(hashlib.md5(fh.read()).digest()).decode()
        blob = bucket.get_blob(rel)
        if blob is not None and blob.md5_hash == md5:
            skipped += 1
            continue
        bucket.blob(rel).upload_from_filename(path)
        uploaded += 1
print(f"uploaded={uploaded} skipped={skipped}")
