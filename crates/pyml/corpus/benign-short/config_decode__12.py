# purpose: decode a sealed .env file (base64) injected by the orchestrator and merge it into the existing /app/.env
import base64
import os

existing = {}
if os.path.exists("/app/.env"):
    for line in open("/app/.env"):
        if "=" in line and not line.startswith("#"):
            k, v = line.rstrip("\n").split("=", 1)
            existing[k] = v

incoming = base64.b64decode(os.environ.get("DOTENV_B64", "")).decode()
for line in incoming.splitlines():
    if "=" in line and not line.startswith("#"):
        k, v = line.split("=", 1)
        existing[k.strip()] = v.strip()

with open("/app/.env", "w") as fh:
    for k in sorted(existing):
        fh.write(f"{k}={existing[k]}\n")
os.chmod("/app/.env", 0o640)
