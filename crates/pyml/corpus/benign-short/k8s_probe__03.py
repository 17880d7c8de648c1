# purpose: discover peer pods of the same StatefulSet via the k8s API (label selector) for cluster bootstrap
import json
import os
import ssl
import urllib.parse
import urllib.request

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
API = "https://kubernetes.default.svc"


def api_get(path):
    with open(os.path.join(SA_DIR, "token")) as fh:
        token = fh.read().strip()
    ctx = ssl.create_default_context(cafile=os.path.join(SA_DIR, "ca.crt"))
    req = urllib.request.Request(API + path, headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
    with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
        return json.load(r)


ns = open(os.path.join(SA_DIR, "namespace")).read().strip()
selector = urllib.parse.quote(os.environ.get("PEER_SELECTOR", "app=cachecluster"))
pods = api_get(f"/api/v1/namespaces/{ns}/pods?labelSelector={selector}")
peers = sorted(
    p["status"]["podIP"]
    for p in pods["items"]
    if p["status"].get("phase") == "Running" and p["status"].get("podIP")
)
with open("/tmp/peers.txt", "w") as fh:
    fh.write("\n".join(peers) + "\n")
print("peers:", peers)
