# purpose: UDP health check for a local statsd/DNS-like service that echoes a probe datagram
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1.0)
s.sendto(b"health", ("127.0.0.1", 8125))
try:
    data, _ = s.recvfrom(64)
except socket.timeout:
    sys.exit(1)
sys.exit(0 if data == b"ok" else 1)
