# purpose: TCP echo server used as a network-policy test target inside the cluster
import socketserver

class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)

with socketserver.ThreadingTCPServer(("0.0.0.0", 7007), Echo) as srv:
    srv.serve_forever()
