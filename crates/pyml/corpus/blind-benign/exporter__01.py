#!/usr/bin/env python3
"""Prometheus text-format exporter for queue depth, served on :9102/metrics."""
import http.server
import os
import socketserver
import threading
import time

import redis

r = redis.Redis(host=os.environ.get("REDIS_HOST", "redis.default.svc.cluster.local"), port=6379)
QUEUES = os.environ.get("QUEUES", "default,emails,reports").split(",")
_metrics = {"text": "", "lock": threading.Lock()}


def collect():
    while True:
        lines = ["# HELP queue_depth Number of pending jobs.", "# TYPE queue_depth gauge"]
        for q in QUEUES:
            try:
                lines.append(f'queue_depth{{queue="{q}"}} {r.llen(q)}')
            except redis.RedisError:
                lines.append(f'queue_scrape_error{{queue="{q}"}} 1')
        lines.append(f"exporter_last_scrape_timestamp_seconds {time.time():.0f}")
        with _metrics["lock"]:
            _metrics["text"] = "\n".join(lines) + "\n"
        time.sleep(15)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/metrics":
            self.send_error(404)
            return
        with _metrics["lock"]:
            body = _metrics["text"].encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    threading.Thread(target=collect, daemon=True).start()
    Server(("0.0.0.0", int(os.environ.get("METRICS_PORT", "9102"))), Handler).serve_forever()
