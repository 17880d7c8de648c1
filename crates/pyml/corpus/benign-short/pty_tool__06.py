# purpose: measure whether a program changes behaviour on a tty by running it with and without a pty and comparing output sizes
import os, pty, subprocess, sys
cmd = sys.argv[1:] or ["ls", "--color=auto", "/"]
plain = subprocess.run(cmd, capture_output=True).stdout
chunks = []
def rd(fd):
    d = os.read(fd, 1024); chunks.append(d); return d
pty.spawn(cmd, rd)
print(f"pipe: {len(plain)} bytes, tty: {len(b''.join(chunks))} bytes")
