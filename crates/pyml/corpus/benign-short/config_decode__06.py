# purpose: decode all env vars ending in _B64 into files under /run/secrets-decoded, named after the variable
import base64
import binascii
import os

OUT = "/run/secrets-decoded"
os.makedirs(OUT, mode=0o700, exist_ok=True)
count = 0
for key, value in os.environ.items():
    if not key.endswith("_B64"):
        continue
    name = key[: -len("_B64")].lower()
    try:
        decoded = base64.b64decode(value, validate=True)
    except binascii.Error:
        print(f"skip {key}: not valid base64")
        continue
    target = os.path.join(OUT, name)
    with open(target, "wb") as fh:
        fh.write(decoded)
    os.chmod(target, 0o400)
    count += 1
print(f"decoded {count} secret(s) into {OUT}")
