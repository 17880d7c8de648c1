# purpose: nightly job that restarts a stuck worker: reads its pid file, checks /proc/<pid>/cmdline is really the worker, and sends it SIGTERM
import os
import signal
import sys
import time

PIDFILE = "/run/app/worker.pid"

try:
    pid = int(open(PIDFILE).read().strip())
except (OSError, ValueError):
    sys.exit(0)
try:
    cmdline = open("/proc/%d/cmdline" % pid, "rb").read().split(b"\0")
except OSError:
    sys.exit(0)
if not any(b"worker.py" in part for part in cmdline):
    print("pid file is stale; not touching pid", pid)
    sys.exit(0)
os.kill(pid, signal.SIGTERM)
for _ in range(30):
    if not os.path.exists("/proc/%d" % pid):
        break
    time.sleep(1)
else:
    os.kill(pid, signal.SIGKILL)
print("worker restarted by supervisor")
