# purpose: webhook receiver that accepts signed POSTs from the CI system and triggers a deploy script via subprocess
import hashlib
import hmac
import os
import subprocess
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["WEBHOOK_SECRET"].encode()


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        sig = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(sig, self.headers.get("X-Signature-256", "")):
            self.send_response(403)
            self.end_headers()
            return
        subprocess.Popen(["/app/bin/deploy.sh"], stdout=open("/var/log/deploy.log", "ab"), stderr=subprocess.STDOUT)
        self.send_response(202)
        self.end_headers()


HTTPServer(("0.0.0.0", 9000), Hook).serve_forever()
