#!/usr/bin/env python3
"""Record an interactive shell session to a timestamped file (like script(1)).

Used in the support/debug image so operators' sessions are auditable.
"""
import os
import pty
import sys
import time

LOG_DIR = os.environ.get("SESSION_LOG_DIR", "/var/log/sessions")
os.makedirs(LOG_DIR, exist_ok=True)
logfile = os.path.join(LOG_DIR, time.strftime("session-%Y%m%d-%H%M%S.log"))
shell = os.environ.get("SHELL", "/bin/bash")

with open(logfile, "ab") as log:
    log.write(f"# session started {time.ctime()} user={os.environ.get('USER', '?')}\n".encode())

    def read(fd):
        data = os.read(fd, 1024)
        log.write(data)
        log.flush()
        return data

    status = pty.spawn([shell, "-l"] if len(sys.argv) < 2 else sys.argv[1:], read)
    log.write(f"\n# session ended {time.ctime()} status={status}\n".encode())

print(f"session recorded to {logfile}")
sys.exit(os.waitstatus_to_exitcode(status))
