# purpose: local TCP port forwarder sidecar (select-based) that relays 127.0.0.1:15432 to the managed database endpoint
import select
import socket
import threading

LISTEN = ("127.0.0.1", 15432)
UPSTREAM = ("10.0.5.10", 5432)


def relay(client):
    upstream = socket.create_connection(UPSTREAM, timeout=10)
    upstream.settimeout(None)
    socks = [client, upstream]
    try:
        while True:
            readable, _, errored = select.select(socks, [], socks, 300)
            if errored or not readable:
                break
            for s in readable:
                data = s.recv(65536)
                if not data:
                    return
                (upstream if s is client else client).sendall(data)
    finally:
        client.close()
        upstream.close()


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(LISTEN)
srv.listen(64)
print(f"forwarding {LISTEN} -> {UPSTREAM}", flush=True)
while True:
    conn, _ = srv.accept()
    threading.Thread(target=relay, args=(conn,), daemon=True).start()
