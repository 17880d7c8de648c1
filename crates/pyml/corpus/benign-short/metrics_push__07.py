# purpose: report job completion to a Healthchecks-style dead-man's-switch URL with exit status and log tail
import subprocess, sys, urllib.request
PING = "https://hc.internal.example/ping/0b6f1a2c-placeholder"
p = subprocess.run(sys.argv[1:], capture_output=True)
tail = (p.stdout + p.stderr)[-10000:]
urllib.request.urlopen(f"{PING}/{p.returncode}", data=tail, timeout=10)
sys.exit(p.returncode)
