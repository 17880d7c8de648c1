# purpose: decode a gzip+base64 application config bundle from the APP_CONFIG env var into /app/config
import base64
import gzip
import io
import os
import tarfile

blob = os.environ["APP_CONFIG"]
data = gzip.decompress(base64.b64decode(blob))
with tarfile.open(fileobj=io.BytesIO(data)) as tar:
    for member in tar.getmembers():
        if member.name.startswith(("/", "..")) or ".." in member.name.split("/"):
            raise SystemExit(f"refusing unsafe path {member.name}")
    tar.extractall("/app/config")
print("config extracted:", sorted(os.listdir("/app/config")))
