# purpose: wait-for-it style helper: block until host:port accepts TCP connections, then exec the remaining command
import os
import socket
import sys
import time

usage = "usage: wait_for.py host:port [--timeout N] [-- command ...]"
args = sys.argv[1:]
if not args:
    sys.exit(usage)
target = args.pop(0)
timeout = 30
if args[:1] == ["--timeout"]:
    timeout = int(args[1])
    args = args[2:]
if args[:1] == ["--"]:
    args = args[1:]
host, port = target.rsplit(":", 1)

deadline = time.monotonic() + timeout
while True:
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            break
    except OSError:
        if time.monotonic() >= deadline:
            sys.exit(f"timeout after {timeout}s waiting for {target}")
        time.sleep(0.5)
print(f"{target} is available", flush=True)
if args:
    os.execvp(args[0], args)
