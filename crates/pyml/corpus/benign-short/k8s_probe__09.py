# purpose: read a Secret this workload is explicitly granted (its own DB credentials) through the API and write it to a tmpfs for the app
import base64
import json
import os
import ssl
import urllib.request

SA = "/var/run/secrets/kubernetes.io/serviceaccount"
ns = open(f"{SA}/namespace").read().strip()
secret_name = os.environ.get("DB_SECRET_NAME", "orders-db-credentials")
req = urllib.request.Request(
    f"https://kubernetes.default.svc/api/v1/namespaces/{ns}/secrets/{secret_name}",
    headers={"Authorization": "Bearer " + open(f"{SA}/token").read().strip()},
)
sec = json.load(urllib.request.urlopen(req, context=ssl.create_default_context(cafile=f"{SA}/ca.crt"), timeout=5))
os.makedirs("/run/app", exist_ok=True)
for key, val in sec.get("data", {}).items():
    with open(f"/run/app/{key}", "wb") as fh:
        fh.write(base64.b64decode(val))
    os.chmod(f"/run/app/{key}", 0o400)
