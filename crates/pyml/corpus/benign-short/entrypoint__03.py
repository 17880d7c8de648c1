# purpose: entrypoint that drops root to an unprivileged app user before exec'ing the service
import os
import pwd
import sys

user = os.environ.get("APP_USER", "app")
pw = pwd.getpwnam(user)
for d in ("/data", "/var/log/app"):
    os.makedirs(d, exist_ok=True)
    os.chown(d, pw.pw_uid, pw.pw_gid)
if os.getuid() == 0:
    os.setgroups([])
    os.setgid(pw.pw_gid)
    os.setuid(pw.pw_uid)
os.environ["HOME"] = pw.pw_dir
cmd = sys.argv[1:] or ["python", "-m", "app.server"]
os.execvp(cmd[0], cmd)
