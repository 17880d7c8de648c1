#!/usr/bin/env python3
"""Read a ConfigMap through the in-cluster API using the pod's service account
and write its keys as files (a tiny config-reloader sidecar)."""
import json
import os
import ssl
import sys
import urllib.request

SA = "/var/run/secrets/kubernetes.io/serviceaccount"
API = "https://kubernetes.default.svc"
NAME = os.environ.get("CONFIGMAP_NAME", "app-config")
OUT = os.environ.get("CONFIG_DIR", "/etc/app")


def main():
    with open(f"{SA}/token") as f:
        token = f.read().strip()
    with open(f"{SA}/namespace") as f:
        namespace = f.read().strip()
    ctx = ssl.create_default_context(cafile=f"{SA}/ca.crt")

    req = urllib.request.Request(
        f"{API}/api/v1/namespaces/{namespace}/configmaps/{NAME}",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
        cm = json.load(resp)

    os.makedirs(OUT, exist_ok=True)
    for key, value in (cm.get("data") or {}).items():
        with open(os.path.join(OUT, key), "w") as f:
            f.write(value)
        print(f"wrote {key} (resourceVersion {cm['metadata']['resourceVersion']})")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print(f"configmap read failed: {e}", file=sys.stderr)
        sys.exit(1)
