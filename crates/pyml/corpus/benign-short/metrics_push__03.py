# purpose: post disk and memory usage of the container to the internal metrics API as JSON every minute
import json
import os
import shutil
import socket
import time
import urllib.request

URL = os.environ.get("METRICS_URL", "http://metrics-ingest.monitoring.svc:8080/v1/points")


def mem_usage():
    for path in ("/sys/fs/cgroup/memory.current", "/sys/fs/cgroup/memory/memory.usage_in_bytes"):
        try:
            return int(open(path).read())
        except OSError:
            continue
    return None


while True:
    du = shutil.disk_usage("/data")
    point = {
        "host": socket.gethostname(),
        "ts": int(time.time()),
        "disk_used_bytes": du.used,
        "disk_total_bytes": du.total,
        "mem_bytes": mem_usage(),
    }
    req = urllib.request.Request(URL, data=json.dumps([point]).encode(), headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=5)
    except Exception as exc:
        print("metrics push failed:", exc, flush=True)
    time.sleep(60)
