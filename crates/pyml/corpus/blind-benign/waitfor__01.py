#!/usr/bin/env python3
# wait-for-it: block until the database port accepts connections.
import socket, sys, time, os

host = os.environ.get("DB_HOST", "db")
port = int(os.environ.get("DB_PORT", "5432"))
deadline = time.time() + int(os.environ.get("WAIT_TIMEOUT", "60"))

while True:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(1)
    try:
        s.connect((host, port))
        print(f"{host}:{port} is up")
        break
    except OSError:
        if time.time() > deadline:
            print(f"timed out waiting for {host}:{port}", file=sys.stderr)
            sys.exit(1)
        print(f"waiting for {host}:{port}...")
        time.sleep(1)
    finally:
        s.close()
