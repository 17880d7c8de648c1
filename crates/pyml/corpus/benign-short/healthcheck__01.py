# purpose: docker HEALTHCHECK that hits the app's /healthz endpoint on localhost and exits non-zero on failure
import sys
import urllib.request

try:
    with urllib.request.urlopen("http://127.0.0.1:8080/healthz", timeout=3) as resp:
        sys.exit(0 if resp.status == 200 else 1)
except Exception:
    sys.exit(1)
