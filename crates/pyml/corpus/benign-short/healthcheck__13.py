# purpose: heartbeat-file health check: the worker touches a file each loop; fail if it is stale
import os, sys, time
HEARTBEAT = os.environ.get("HEARTBEAT_FILE", "/tmp/worker.heartbeat")
MAX_AGE = int(os.environ.get("HEARTBEAT_MAX_AGE", "120"))
try:
    age = time.time() - os.path.getmtime(HEARTBEAT)
except FileNotFoundError:
    print("no heartbeat yet")
    sys.exit(1)
if age > MAX_AGE:
    print(f"heartbeat stale: {age:.0f}s")
    sys.exit(1)
