# purpose: redis health check that sends PING over a raw socket and expects +PONG
import os, socket, sys

host = os.environ.get("REDIS_HOST", "127.0.0.1")
port = int(os.environ.get("REDIS_PORT", "6379"))
try:
    with socket.create_connection((host, port), timeout=2) as conn:
        conn.sendall(b"PING\r\n")
        reply = conn.recv(64)
except OSError as e:
    print("redis check failed:", e)
    sys.exit(1)
sys.exit(0 if reply.startswith(b"+PONG") else 1)
