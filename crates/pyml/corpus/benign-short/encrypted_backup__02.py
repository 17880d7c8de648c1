# purpose: encrypt a directory of exported reports for an archive bucket, keeping the originals (AES-GCM from pycryptodome)
import json
import os
import sys

from Crypto.Cipher import AES

key = bytes.fromhex(os.environ["ARCHIVE_KEY_HEX"])
src, dst = sys.argv[1], sys.argv[2]
manifest = {}
for root, _dirs, files in os.walk(src):
    for name in files:
        path = os.path.join(root, name)
        rel = os.path.relpath(path, src)
        out = os.path.join(dst, rel + ".gcm")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        cipher = AES.new(key, AES.MODE_GCM)
        with open(path, "rb") as fh:
            body, tag = cipher.encrypt_and_digest(fh.read())
        with open(out, "wb") as fh:
            fh.write(cipher.nonce + tag + body)
        manifest[rel] = len(body)
with open(os.path.join(dst, "manifest.json"), "w") as fh:
    json.dump(manifest, fh, indent=2)
print(f"archived {len(manifest)} files")
