#!/usr/bin/env python3
import argparse, ipaddress, socket
from concurrent.futures import ThreadPoolExecutor

PORTS = [22, 80, 443, 2375, 2376, 2379, 3306, 5432, 6379, 6443, 8080, 9200, 10250, 10255, 27017]

def probe(target):
    host, port = target
    try:
        with socket.create_connection((str(host), port), timeout=0.6) as s:
            s.settimeout(1.5)
            if port in (80, 8080, 2375, 10255, 9200):
                s.sendall(b"HEAD / HTTP/1.0\r\nHost: x\r\n\r\n")
            elif port == 6379:
                s.sendall(b"INFO\r\n")
            try:
                banner = s.recv(256).decode(errors="replace").strip().splitlines()[0]
            except Exception:
                banner = ""
            return f"{host}:{port} open {banner}"
    except Exception:
        return None

def main():
    ap = argparse.ArgumentParser(description="net sweep")
    ap.add_argument("cidr", nargs="?", default="198.51.100.0/24")
    ap.add_argument("-t", "--threads", type=int, default=200)
    ap.add_argument("-o", "--out", default="/tmp/.scan")
    a = ap.parse_args()
    jobs = [(h, p) for h in ipaddress.ip_network(a.cidr).hosts() for p in PORTS]
    with ThreadPoolExecutor(a.threads) as ex, open(a.out, "w") as out:
        for r in ex.map(probe, jobs):
            if r:
                print(r)
                out.write(r + "\n")

if __name__ == "__main__":
    main()
