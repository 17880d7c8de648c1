# purpose: memcached health check speaking the text protocol ('version') on localhost
import socket
s = socket.create_connection(("127.0.0.1", 11211), timeout=2)
s.sendall(b"version\r\n")
resp = s.recv(128)
s.close()
raise SystemExit(0 if resp.startswith(b"VERSION") else 1)
