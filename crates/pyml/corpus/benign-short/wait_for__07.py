# purpose: wait for a DNS name (a headless service) to resolve to at least N addresses before starting a clustered app
import socket, sys, time
name, want = sys.argv[1], int(sys.argv[2])
while True:
    try:
        addrs = {ai[4][0] for ai in socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)}
    except socket.gaierror:
        addrs = set()
    print(f"{name}: {len(addrs)}/{want} peers", flush=True)
    if len(addrs) >= want:
        break
    time.sleep(3)
