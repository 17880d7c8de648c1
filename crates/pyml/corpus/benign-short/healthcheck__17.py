# purpose: liveness probe over IPv6 loopback for a service bound to [::1]
import socket, sys
with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
    s.settimeout(2)
    sys.exit(s.connect_ex(("::1", 8080, 0, 0)))
