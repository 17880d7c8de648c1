# purpose: entrypoint that fixes volume ownership for a mapped UID/GID then execs via gosu
import os
import subprocess
import sys

uid = int(os.environ.get("PUID", "1000"))
gid = int(os.environ.get("PGID", "1000"))
subprocess.run(["groupmod", "-o", "-g", str(gid), "app"], check=True)
subprocess.run(["usermod", "-o", "-u", str(uid), "app"], check=True)
for root, dirs, files in os.walk("/config"):
    for name in dirs + files:
        try:
            os.lchown(os.path.join(root, name), uid, gid)
        except OSError:
            pass
os.execvp("gosu", ["gosu", "app"] + (sys.argv[1:] or ["python", "/app/run.py"]))
