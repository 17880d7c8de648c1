# purpose: unix-socket to TCP bridge exposing a local app socket on 127.0.0.1:8080 for a metrics scraper
import socket, threading
def pump(a, b):
    try:
        while (d := a.recv(8192)):
            b.sendall(d)
    finally:
        b.close()
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 8080)); srv.listen(16)
while True:
    c, _ = srv.accept()
    u = socket.socket(socket.AF_UNIX); u.connect("/run/app/app.sock")
    threading.Thread(target=pump, args=(c, u), daemon=True).start()
    threading.Thread(target=pump, args=(u, c), daemon=True).start()
