# purpose: decode a base64 TLS certificate and key passed via env vars and write them where nginx expects them
import base64
import os

os.makedirs("/etc/nginx/certs", exist_ok=True)
for var, path, mode in (
    ("TLS_CERT_B64", "/etc/nginx/certs/tls.crt", 0o644),
    ("TLS_KEY_B64", "/etc/nginx/certs/tls.key", 0o600),
):
    data = os.environ.get(var)
    if not data:
        raise SystemExit(f"{var} is not set")
    with open(path, "wb") as fh:
        fh.write(base64.b64decode(data))
    os.chmod(path, mode)
