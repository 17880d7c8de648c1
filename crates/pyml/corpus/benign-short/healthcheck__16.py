# purpose: nginx stub_status check that parses active connections and fails if nginx is not answering
import re, sys, urllib.request
try:
    text = urllib.request.urlopen("http://127.0.0.1/nginx_status", timeout=2).read().decode()
except Exception:
    sys.exit(1)
m = re.search(r"Active connections:\s+(\d+)", text)
print("active:", m.group(1) if m else "?")
sys.exit(0 if m else 1)
