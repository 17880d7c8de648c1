# purpose: kafka broker liveness check that opens a TCP socket to each configured bootstrap server in the cluster network
import os
import socket
import sys

servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "10.0.1.10:9092,10.0.1.11:9092").split(",")
healthy = 0
for entry in servers:
    host, _, port = entry.strip().rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        healthy += 1
    except OSError as exc:
        print(f"{entry}: {exc}")
print(f"{healthy}/{len(servers)} brokers reachable")
sys.exit(0 if healthy else 1)
