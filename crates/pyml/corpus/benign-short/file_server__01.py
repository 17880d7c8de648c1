# purpose: serve a build's static artifacts directory over HTTP on localhost for an e2e test runner
import functools
import http.server

handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory="/app/dist")
http.server.ThreadingHTTPServer(("127.0.0.1", 4173), handler).serve_forever()
