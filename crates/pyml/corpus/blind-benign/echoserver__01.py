#!/usr/bin/env python3
# TCP echo server used as a test fixture for the connection-pool tests.
import socketserver
import sys


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        peer = "%s:%d" % self.client_address
        for line in self.rfile:
            if line.strip() == b"QUIT":
                break
            self.wfile.write(line)
        print(f"closed {peer}", file=sys.stderr)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


port = int(sys.argv[1]) if len(sys.argv) > 1 else 7007
with Server(("127.0.0.1", port), Echo) as srv:
    print(f"echo server on 127.0.0.1:{port}", flush=True)
    srv.serve_forever()
