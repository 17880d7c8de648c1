# purpose: render a .pgpass file from a base64-encoded DATABASE_URL secret for pg_dump in a backup job
import base64
import os
from urllib.parse import urlparse

url = urlparse(base64.b64decode(os.environ["DATABASE_URL_B64"]).decode())
line = f"{url.hostname}:{url.port or 5432}:{url.path.lstrip('/')}:{url.username}:{url.password}\n"
path = os.path.expanduser("~/.pgpass")
with open(path, "w") as fh:
    fh.write(line)
os.chmod(path, 0o600)
