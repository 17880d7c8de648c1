#!/usr/bin/env python3
"""Container entrypoint: materialise TLS material from env, then start gunicorn.

TLS_CERT_B64 / TLS_KEY_B64 are injected from a Kubernetes Secret as
base64-encoded PEM. They are written to /run/tls with tight permissions.
"""
import base64
import logging
import os
import sys

logging.basicConfig(level=logging.INFO, format="entrypoint: %(message)s")
TLS_DIR = "/run/tls"


def write_secret(env_name, filename, mode):
    data = os.environ.get(env_name)
    if not data:
        return None
    path = os.path.join(TLS_DIR, filename)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(base64.b64decode(data))
    logging.info("wrote %s", path)
    return path


def main():
    os.makedirs(TLS_DIR, mode=0o700, exist_ok=True)
    cert = write_secret("TLS_CERT_B64", "tls.crt", 0o644)
    key = write_secret("TLS_KEY_B64", "tls.key", 0o600)

    bind = os.environ.get("BIND", "0.0.0.0:8443")
    workers = os.environ.get("WEB_CONCURRENCY", "4")
    args = ["gunicorn", "--bind", bind, "--workers", workers,
            "--access-logfile", "-", "app.wsgi:application"]
    if cert and key:
        args[1:1] = ["--certfile", cert, "--keyfile", key]
    else:
        logging.warning("no TLS material provided, serving plain HTTP")

    logging.info("exec %s", " ".join(args))
    sys.stdout.flush()
    os.execvp(args[0], args)


if __name__ == "__main__":
    main()
