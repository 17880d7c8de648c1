#!/usr/bin/env python3
"""Provision the `deploy` user's SSH access inside the bastion image.

DEPLOY_AUTHORIZED_KEYS holds the public keys (newline separated) from the
team's key registry; known_hosts is pinned for the git server.
"""
import os
import pwd
import sys

USER = "deploy"
KEYS = os.environ.get("DEPLOY_AUTHORIZED_KEYS", "").strip()
KNOWN_HOSTS = os.environ.get("DEPLOY_KNOWN_HOSTS", "").strip()

if not KEYS:
    sys.exit("DEPLOY_AUTHORIZED_KEYS is empty; nothing to do")

pw = pwd.getpwnam(USER)
ssh_dir = os.path.join(pw.pw_dir, ".ssh")
os.makedirs(ssh_dir, exist_ok=True)
os.chmod(ssh_dir, 0o700)

valid = [k for k in KEYS.splitlines()
         if k.split(" ", 1)[0] in ("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa")]
files = {"authorized_keys": "\n".join(valid) + "\n"}
if KNOWN_HOSTS:
    files["known_hosts"] = KNOWN_HOSTS + "\n"

for name, content in files.items():
    path = os.path.join(ssh_dir, name)
    with open(path, "w") as f:
        f.write(content)
    os.chmod(path, 0o600)
    os.chown(path, pw.pw_uid, pw.pw_gid)
os.chown(ssh_dir, pw.pw_uid, pw.pw_gid)
print(f"installed {len(valid)} key(s) for {USER}")
