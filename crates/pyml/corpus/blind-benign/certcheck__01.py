#!/usr/bin/env python3
"""Warn when TLS certificates of our endpoints are close to expiry."""
import datetime
import socket
import ssl
import sys

HOSTS = ["www.example.com", "api.example.com", "ingress-nginx-controller.ingress-nginx.svc.cluster.local"]
WARN_DAYS = 21


def days_left(host, port=443):
    ctx = ssl.create_default_context()
    with socket.create_connection((host, port), timeout=5) as sock:
        with ctx.wrap_socket(sock, server_hostname=host) as tls:
            cert = tls.getpeercert()
    expires = datetime.datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]),
                                              tz=datetime.timezone.utc)
    return (expires - datetime.datetime.now(datetime.timezone.utc)).days


status = 0
for host in sys.argv[1:] or HOSTS:
    try:
        left = days_left(host)
    except (OSError, ssl.SSLError) as e:
        print(f"ERROR {host}: {e}")
        status = 2
        continue
    level = "WARN" if left < WARN_DAYS else "OK"
    if level == "WARN":
        status = max(status, 1)
    print(f"{level:5} {host}: {left} days left")
sys.exit(status)
