#!/usr/bin/env python3
"""Wait for every host:port in WAIT_HOSTS, then exec the given command.

Usage in Dockerfile:
    ENTRYPOINT ["python3", "/usr/local/bin/waitfor.py", "--"]
    CMD ["gunicorn", "app.wsgi:application"]
"""
import logging
import os
import socket
import sys
import time

logging.basicConfig(level=logging.INFO, format="[waitfor] %(message)s")


def wait(host, port, timeout):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            with socket.create_connection((host, port), timeout=2):
                logging.info("%s:%d ready after %.1fs", host, port, time.monotonic() - start)
                return True
        except OSError:
            time.sleep(0.5)
    return False


def main(argv):
    if argv and argv[0] == "--":
        argv = argv[1:]
    targets = [t for t in os.environ.get("WAIT_HOSTS", "").split(",") if t]
    timeout = float(os.environ.get("WAIT_HOSTS_TIMEOUT", "90"))
    for target in targets:
        host, _, port = target.strip().rpartition(":")
        if not wait(host, int(port), timeout):
            logging.error("gave up on %s", target)
            return 1
    if not argv:
        return 0
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
