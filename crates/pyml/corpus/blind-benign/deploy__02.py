#!/usr/bin/env python3
# CI deploy step: rsync the built site to the web host, then reload nginx.
import os
import subprocess
import sys

host = os.environ.get("DEPLOY_HOST", "web1.example.org")
user = os.environ.get("DEPLOY_USER", "deploy")
key = os.environ.get("DEPLOY_KEY_PATH", "/root/.ssh/deploy_key")
ssh = f"ssh -i {key} -o StrictHostKeyChecking=yes -o UserKnownHostsFile=/root/.ssh/known_hosts"

steps = [
    ["rsync", "-az", "--delete", "-e", ssh, "public/", f"{user}@{host}:/var/www/site/"],
    ssh.split() + [f"{user}@{host}", "sudo nginx -t && sudo systemctl reload nginx"],
]
for cmd in steps:
    print("+", " ".join(cmd), flush=True)
    r = subprocess.run(cmd)
    if r.returncode:
        sys.exit(r.returncode)
print(f"deployed to https://{host}/")
