# purpose: "script"-like session recorder for the admin debug container, timestamping terminal output
import os
import pty
import sys
import time

out = open(f"/var/log/sessions/session-{int(time.time())}.log", "ab")


def master_read(fd):
    data = os.read(fd, 4096)
    out.write(b"[%.3f] " % time.time() + data)
    return data


shell = os.environ.get("SHELL", "/bin/bash")
print(f"recording session to {out.name}; exit the shell to stop")
pty.spawn(shell, master_read)
out.close()
