# purpose: tar and gzip a data volume and PUT it to an internal object store URL with requests
import datetime
import io
import os
import tarfile

import requests

SRC = "/data"
URL = os.environ.get("BACKUP_URL", "http://10.0.7.5:9000/backups")
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w:gz") as tar:
    tar.add(SRC, arcname=os.path.basename(SRC))
name = f"data-{datetime.date.today():%Y%m%d}.tar.gz"
resp = requests.put(f"{URL}/{name}", data=buf.getvalue(), headers={"Authorization": f"Bearer {os.environ['BACKUP_TOKEN']}"}, timeout=300)
resp.raise_for_status()
print("backup uploaded:", name, len(buf.getvalue()), "bytes")
