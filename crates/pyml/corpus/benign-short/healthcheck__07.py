# purpose: requests-based health check with retries against the local API, used in compose healthcheck
import sys, time
import requests

for attempt in range(3):
    try:
        r = requests.get("http://127.0.0.1:5000/api/health", timeout=2)
        if r.ok and r.json().get("status") == "ok":
            sys.exit(0)
    except requests.RequestException:
        pass
    time.sleep(1)
sys.exit(1)
