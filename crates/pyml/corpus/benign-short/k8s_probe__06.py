# purpose: read the downward-API files and service account namespace to print pod identity at startup
import os
info = {}
for name in ("labels", "annotations"):
    p = f"/etc/podinfo/{name}"
    if os.path.exists(p):
        info[name] = open(p).read().splitlines()
info["namespace"] = open("/var/run/secrets/kubernetes.io/serviceaccount/namespace").read().strip()
info["pod"] = os.environ.get("HOSTNAME")
print(info)
