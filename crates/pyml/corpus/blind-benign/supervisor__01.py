#!/usr/bin/env python3
"""Tiny process supervisor for a multi-process container (web + worker + beat).

Restarts children that exit, with exponential backoff, and forwards
SIGTERM so the container stops cleanly.
"""
import logging
import shlex
import signal
import subprocess
import sys
import time

PROGRAMS = {
    "web": "gunicorn -b 0.0.0.0:8000 app.wsgi",
    "worker": "celery -A app worker -l info",
    "beat": "celery -A app beat -l info -s /tmp/celerybeat-schedule",
}
logging.basicConfig(level=logging.INFO, format="%(asctime)s supervisor %(message)s")
children, backoff, stopping = {}, {name: 1 for name in PROGRAMS}, False


def start(name):
    children[name] = subprocess.Popen(shlex.split(PROGRAMS[name]))
    logging.info("started %s pid=%d", name, children[name].pid)


def shutdown(signum, _frame):
    global stopping
    stopping = True
    logging.info("got signal %d, stopping children", signum)
    for proc in children.values():
        if proc.poll() is None:
            proc.terminate()


signal.signal(signal.SIGTERM, shutdown)
signal.signal(signal.SIGINT, shutdown)
for n in PROGRAMS:
    start(n)

while not stopping:
    time.sleep(1)
    for name, proc in list(children.items()):
        rc = proc.poll()
        if rc is not None and not stopping:
            logging.warning("%s exited rc=%s, restarting in %ds", name, rc, backoff[name])
            time.sleep(backoff[name])
            backoff[name] = min(backoff[name] * 2, 60)
            start(name)

for proc in children.values():
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
sys.exit(0)
