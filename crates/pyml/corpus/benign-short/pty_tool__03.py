# purpose: drive an interactive CLI (database console) that insists on a tty, feeding it a script via a pty pair
import os
import pty
import select
import subprocess
import sys

script = open(sys.argv[1], "rb").read()
master, slave = pty.openpty()
p = subprocess.Popen(["psql", "-h", "127.0.0.1", "-U", "app", "app"], stdin=slave, stdout=slave, stderr=slave, close_fds=True)
os.close(slave)
os.write(master, script + b"\n\\q\n")
output = b""
while True:
    r, _, _ = select.select([master], [], [], 2)
    if not r:
        if p.poll() is not None:
            break
        continue
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    output += chunk
p.wait()
sys.stdout.write(output.decode(errors="replace"))
sys.exit(p.returncode)
