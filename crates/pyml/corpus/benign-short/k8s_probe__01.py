# purpose: leader-election helper that reads the pod's service account token and reads its own Lease via the k8s API
import json
import os
import ssl
import urllib.request

SA = "/var/run/secrets/kubernetes.io/serviceaccount"
token = open(f"{SA}/token").read().strip()
namespace = open(f"{SA}/namespace").read().strip()
ctx = ssl.create_default_context(cafile=f"{SA}/ca.crt")
host = os.environ["KUBERNETES_SERVICE_HOST"]
port = os.environ.get("KUBERNETES_SERVICE_PORT", "443")
url = f"https://{host}:{port}/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/my-controller"
req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
lease = json.load(urllib.request.urlopen(req, context=ctx, timeout=5))
print("current holder:", lease["spec"].get("holderIdentity"))
