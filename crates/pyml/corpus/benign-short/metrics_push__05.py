# purpose: graphite plaintext protocol sender over TCP for a legacy dashboard
import socket, time
now = int(time.time())
payload = "".join(f"app.orders.{k} {v} {now}\n" for k, v in {"created": 17, "paid": 15, "refunded": 1}.items())
with socket.create_connection(("10.0.8.9", 2003), timeout=5) as s:
    s.sendall(payload.encode())
