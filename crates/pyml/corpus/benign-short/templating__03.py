# purpose: generate nginx upstream config from a comma-separated BACKENDS env var
import os
backends = [b.strip() for b in os.environ.get("BACKENDS", "127.0.0.1:8001").split(",") if b.strip()]
lines = ["upstream app {"] + [f"    server {b} max_fails=3 fail_timeout=10s;" for b in backends] + ["    keepalive 32;", "}"]
with open("/etc/nginx/conf.d/upstream.conf", "w") as f:
    f.write("\n".join(lines) + "\n")
