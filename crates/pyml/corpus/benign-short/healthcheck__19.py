# purpose: composite health endpoint checker for a sidecar: probes HTTP, TCP, disk and queue-lag checks and prints a JSON report for the kubelet exec probe
import json
import os
import shutil
import socket
import sys
import time
import urllib.error
import urllib.request

CHECKS = []


def check(name, critical=True):
    def deco(fn):
        CHECKS.append((name, fn, critical))
        return fn
    return deco


@check("http")
def http_ok():
    url = os.environ.get("HC_HTTP_URL", "http://127.0.0.1:8080/healthz")
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200, f"{url} -> {r.status}"
    except urllib.error.HTTPError as e:
        return False, f"{url} -> {e.code}"
    except (urllib.error.URLError, OSError) as e:
        return False, f"{url} unreachable: {e}"


@check("database")
def db_port():
    host = os.environ.get("DB_HOST", "127.0.0.1")
    port = int(os.environ.get("DB_PORT", "5432"))
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True, f"{host}:{port} open"
    except OSError as e:
        return False, f"{host}:{port} {e}"


@check("cache", critical=False)
def redis_ping():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG"), "redis ping"
    except OSError as e:
        return False, f"redis: {e}"


@check("disk")
def disk_space():
    path = os.environ.get("HC_DISK_PATH", "/data")
    usage = shutil.disk_usage(path)
    pct = usage.used * 100 / usage.total
    return pct < float(os.environ.get("HC_DISK_MAX_PCT", "90")), f"{path} {pct:.1f}% used"


@check("queue-lag", critical=False)
def queue_lag():
    marker = "/tmp/last-consumed"
    try:
        lag = time.time() - os.path.getmtime(marker)
    except FileNotFoundError:
        return False, "consumer has not started"
    return lag < 300, f"last message {lag:.0f}s ago"


def main():
    report = {"ts": int(time.time()), "checks": {}}
    healthy = True
    for name, fn, critical in CHECKS:
        start = time.perf_counter()
        try:
            ok, detail = fn()
        except Exception as exc:  # a broken check must not crash the probe
            ok, detail = False, f"check error: {exc}"
        report["checks"][name] = {
            "ok": ok,
            "critical": critical,
            "detail": detail,
            "ms": round((time.perf_counter() - start) * 1000, 1),
        }
        if critical and not ok:
            healthy = False
    report["healthy"] = healthy
    print(json.dumps(report))
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
