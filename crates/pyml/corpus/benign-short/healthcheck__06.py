# purpose: check several local service ports and report which are up, used by a sidecar status page
import socket

SERVICES = {
    "web": ("127.0.0.1", 8080),
    "metrics": ("127.0.0.1", 9100),
    "admin": ("127.0.0.1", 8081),
    "grpc": ("::1", 50051),
}

status = {}
for name, (host, port) in SERVICES.items():
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        status[name] = s.connect_ex((host, port)) == 0

for name, up in status.items():
    print(f"{name:8s} {'UP' if up else 'DOWN'}")
raise SystemExit(0 if all(status.values()) else 1)
