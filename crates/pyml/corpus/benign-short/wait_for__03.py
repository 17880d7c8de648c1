# purpose: wait for several dependencies listed in WAIT_HOSTS (comma-separated host:port) in parallel
import os
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor

hosts = [h.strip() for h in os.environ.get("WAIT_HOSTS", "").split(",") if h.strip()]
timeout = int(os.environ.get("WAIT_HOSTS_TIMEOUT", "60"))


def wait(hp):
    host, port = hp.rsplit(":", 1)
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection((host, int(port)), 2).close()
            return hp, True
        except OSError:
            time.sleep(1)
    return hp, False


with ThreadPoolExecutor(max_workers=max(1, len(hosts))) as ex:
    results = list(ex.map(wait, hosts))
for hp, ok in results:
    print(f"{hp}: {'ok' if ok else 'TIMEOUT'}")
sys.exit(0 if all(ok for _, ok in results) else 1)
