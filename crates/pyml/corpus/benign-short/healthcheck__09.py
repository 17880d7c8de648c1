# purpose: celery worker health check that pings the worker on this host via the control API
import os
import socket
import sys

from celery import Celery

app = Celery(broker=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"))
node = "celery@" + socket.gethostname()
replies = app.control.inspect(destination=[node], timeout=5).ping() or {}
sys.exit(0 if node in replies else 1)
