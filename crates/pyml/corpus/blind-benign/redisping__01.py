#!/usr/bin/env python3
# Celery worker readiness: broker reachable and this worker answers ping.
import os
import socket
import sys

import redis
from celery import Celery

broker = os.environ.get("CELERY_BROKER_URL", "redis://redis.default.svc.cluster.local:6379/0")

try:
    redis.Redis.from_url(broker, socket_timeout=3).ping()
except redis.RedisError as e:
    print(f"broker unreachable: {e}")
    sys.exit(1)

app = Celery(broker=broker)
node = f"celery@{socket.gethostname()}"
replies = app.control.inspect(destination=[node], timeout=5).ping() or {}
if replies.get(node, {}).get("ok") != "pong":
    print(f"{node} did not answer ping")
    sys.exit(1)
print(f"{node}: pong")
