# purpose: backup orchestrator for a stateful app: quiesces writes, dumps postgres and uploads files to internal object storage with checksums and a manifest
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request

import requests

STORE = os.environ.get("BACKUP_STORE_URL", "http://10.0.7.5:9000/backups")
TOKEN = os.environ.get("BACKUP_TOKEN", "")
APP_ADMIN = "http://127.0.0.1:8081/admin"
DATA_DIRS = ["/var/lib/app/uploads", "/var/lib/app/search-index"]
RETRIES = 3


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def set_read_only(enabled):
    body = json.dumps({"read_only": enabled}).encode()
    req = urllib.request.Request(APP_ADMIN + "/maintenance", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10)


def dump_postgres(workdir):
    out = os.path.join(workdir, "db.dump")
    subprocess.run(["pg_dump", "--format=custom", "--compress=6", "--file", out], check=True)
    return out


def archive_dirs(workdir):
    out = os.path.join(workdir, "files.tar.gz")
    with tarfile.open(out, "w:gz") as tar:
        for d in DATA_DIRS:
            if os.path.isdir(d):
                tar.add(d, arcname=os.path.relpath(d, "/var/lib/app"))
    return out


def upload(path, prefix):
    name = f"{prefix}/{os.path.basename(path)}"
    for attempt in range(1, RETRIES + 1):
        try:
            with open(path, "rb") as fh:
                r = requests.put(f"{STORE}/{name}", data=fh, timeout=600,
                                 headers={"Authorization": f"Bearer {TOKEN}"})
            r.raise_for_status()
            return name
        except requests.RequestException as exc:
            print(f"upload {name} attempt {attempt} failed: {exc}", file=sys.stderr)
            time.sleep(5 * attempt)
    raise SystemExit(f"giving up on {name}")


def main():
    stamp = datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")
    prefix = f"{os.environ.get('APP_NAME', 'app')}/{stamp}"
    manifest = {"created": stamp, "objects": []}
    with tempfile.TemporaryDirectory(dir="/var/tmp") as work:
        set_read_only(True)
        try:
            artifacts = [dump_postgres(work), archive_dirs(work)]
        finally:
            set_read_only(False)
        for path in artifacts:
            key = upload(path, prefix)
            manifest["objects"].append({"key": key, "sha256": sha256(path), "bytes": os.path.getsize(path)})
        mpath = os.path.join(work, "manifest.json")
        with open(mpath, "w") as fh:
            json.dump(manifest, fh, indent=2)
        upload(mpath, prefix)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
