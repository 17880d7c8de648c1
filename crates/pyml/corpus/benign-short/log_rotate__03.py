# purpose: signal nginx to reopen its log files after moving them (USR1), the container-friendly logrotate postrotate step
import datetime, os, signal
stamp = datetime.date.today().isoformat()
for name in ("access.log", "error.log"):
    src = f"/var/log/nginx/{name}"
    if os.path.exists(src):
        os.rename(src, f"{src}.{stamp}")
pid = int(open("/run/nginx.pid").read().strip())
os.kill(pid, signal.SIGUSR1)
