# purpose: API-server connectivity probe using the in-cluster token; prints /version for diagnostics
import json, ssl, urllib.request
sa = "/var/run/secrets/kubernetes.io/serviceaccount"
req = urllib.request.Request("https://kubernetes.default.svc/version", headers={"Authorization": "Bearer " + open(sa + "/token").read().strip()})
print(json.load(urllib.request.urlopen(req, context=ssl.create_default_context(cafile=sa + "/ca.crt"), timeout=3))["gitVersion"])
