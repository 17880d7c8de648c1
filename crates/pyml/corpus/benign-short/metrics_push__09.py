# purpose: read nginx stub_status and forward connection counts to statsd over UDP
import re
import socket
import urllib.request

text = urllib.request.urlopen("http://127.0.0.1:8080/nginx_status", timeout=2).read().decode()
active = int(re.search(r"Active connections:\s*(\d+)", text).group(1))
reading, writing, waiting = map(int, re.search(r"Reading: (\d+) Writing: (\d+) Waiting: (\d+)", text).groups())
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for name, value in (("active", active), ("reading", reading), ("writing", writing), ("waiting", waiting)):
    s.sendto(f"nginx.connections.{name}:{value}|g".encode(), ("127.0.0.1", 8125))
