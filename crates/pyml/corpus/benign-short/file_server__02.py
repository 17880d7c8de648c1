# purpose: tiny internal status server listening on all interfaces that answers /healthz and /version for the load balancer
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

VERSION = {"version": os.environ.get("APP_VERSION", "dev"), "commit": os.environ.get("GIT_SHA", "")}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            body, code = b"ok", 200
        elif self.path == "/version":
            body, code = json.dumps(VERSION).encode(), 200
        else:
            body, code = b"not found", 404
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


HTTPServer(("0.0.0.0", 8086), Handler).serve_forever()
