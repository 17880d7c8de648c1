#!/usr/bin/env python3
# Liveness for a worker with no HTTP port: the worker touches a heartbeat
# file every loop; fail if it is stale or the pid in the pidfile is gone.
import os
import sys
import time

HEARTBEAT = os.environ.get("HEARTBEAT_FILE", "/tmp/worker.heartbeat")
PIDFILE = os.environ.get("PIDFILE", "/tmp/worker.pid")
MAX_AGE = int(os.environ.get("HEARTBEAT_MAX_AGE", "60"))

try:
    age = time.time() - os.stat(HEARTBEAT).st_mtime
except FileNotFoundError:
    print("no heartbeat file yet")
    sys.exit(1)

if age > MAX_AGE:
    print(f"heartbeat stale: {age:.0f}s old")
    sys.exit(1)

try:
    with open(PIDFILE) as f:
        pid = int(f.read().strip())
    os.kill(pid, 0)  # signal 0: existence check only
except (FileNotFoundError, ValueError, ProcessLookupError) as e:
    print(f"worker process not running: {e}")
    sys.exit(1)

sys.exit(0)
