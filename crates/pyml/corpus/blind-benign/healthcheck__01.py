#!/usr/bin/env python3
# Docker HEALTHCHECK: GET the app's /healthz on loopback, exit 0/1.
import os
import sys
import urllib.request

port = os.environ.get("PORT", "8080")
url = f"http://127.0.0.1:{port}/healthz"
try:
    with urllib.request.urlopen(url, timeout=3) as resp:
        sys.exit(0 if resp.status == 200 else 1)
except Exception as exc:
    print(f"healthcheck failed: {exc}", file=sys.stderr)
    sys.exit(1)
