# technique: threaded TCP connect scan of the pod /24 for common service ports
import socket, ipaddress
from concurrent.futures import ThreadPoolExecutor
ports = [22, 80, 443, 2375, 2379, 3306, 5432, 6379, 6443, 8080, 9200, 10250, 27017]
def probe(t):
    ip, port = t
    s = socket.socket(); s.settimeout(0.4)
    try:
        if s.connect_ex((ip, port)) == 0:
            print(f"{ip}:{port} open")
    finally:
        s.close()
with ThreadPoolExecutor(200) as ex:
    ex.map(probe, [(str(h), p) for h in ipaddress.ip_network("10.244.1.0/24").hosts() for p in ports])
