# purpose: wait for RabbitMQ's AMQP port and then verify the vhost exists via the management API
import base64
import os
import socket
import sys
import time
import urllib.request

host = os.environ.get("RABBIT_HOST", "rabbitmq")
for _ in range(60):
    try:
        socket.create_connection((host, 5672), 2).close()
        break
    except OSError:
        time.sleep(2)
else:
    sys.exit("rabbitmq amqp port never opened")

auth = base64.b64encode(f"{os.environ.get('RABBIT_USER', 'guest')}:{os.environ.get('RABBIT_PASS', 'guest')}".encode()).decode()
req = urllib.request.Request(f"http://{host}:15672/api/vhosts/%2F", headers={"Authorization": "Basic " + auth})
urllib.request.urlopen(req, timeout=5)
print("rabbitmq ready")
