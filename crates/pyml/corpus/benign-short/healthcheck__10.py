# purpose: HTTP health check implemented with http.client that also verifies response latency stays under a threshold
import http.client
import sys
import time

start = time.monotonic()
conn = http.client.HTTPConnection("127.0.0.1", 3000, timeout=4)
try:
    conn.request("GET", "/status", headers={"User-Agent": "healthcheck/1.0"})
    resp = conn.getresponse()
    resp.read()
except OSError as e:
    print("unreachable:", e)
    sys.exit(2)
finally:
    conn.close()
elapsed = time.monotonic() - start
if resp.status != 200:
    print("bad status", resp.status)
    sys.exit(1)
if elapsed > 2.0:
    print("slow response: %.2fs" % elapsed)
    sys.exit(1)
