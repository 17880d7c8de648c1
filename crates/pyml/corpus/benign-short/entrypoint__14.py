# purpose: entrypoint that waits for an Istio/Envoy sidecar to become ready, runs the job, then asks the sidecar to quit
import subprocess
import sys
import time
import urllib.request

for _ in range(60):
    try:
        urllib.request.urlopen("http://127.0.0.1:15021/healthz/ready", timeout=1)
        break
    except Exception:
        time.sleep(1)
rc = subprocess.call(sys.argv[1:])
try:
    urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:15020/quitquitquit", method="POST"), timeout=2)
except Exception:
    pass
sys.exit(rc)
