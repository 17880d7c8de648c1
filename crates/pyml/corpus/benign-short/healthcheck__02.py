# purpose: TCP liveness probe that checks the local postgres port accepts connections
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2)
try:
    s.connect(("127.0.0.1", 5432))
except OSError as exc:
    print(f"postgres not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
finally:
    s.close()
