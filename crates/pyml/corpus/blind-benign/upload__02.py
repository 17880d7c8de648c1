#!/usr/bin/env python3
# Push a model artifact to GCS. Auth via GOOGLE_APPLICATION_CREDENTIALS.
import hashlib
import os
import sys

from google.cloud import storage

path = sys.argv[1]
bucket_name = os.environ.get("ARTIFACT_BUCKET", "ml-artifacts-example")
dest = os.environ.get("ARTIFACT_PREFIX", "models/") + os.path.basename(path)

h = hashlib.sha256()
with open(path, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)

blob = storage.Client().bucket(bucket_name).blob(dest)
blob.metadata = {"sha256": h.hexdigest(), "git_sha": os.environ.get("GIT_SHA", "dev")}
blob.upload_from_filename(path)
print(f"gs://{bucket_name}/{dest} sha256={h.hexdigest()}")
