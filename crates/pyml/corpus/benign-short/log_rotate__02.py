# purpose: delete log files older than N days from a shared volume
import os, sys, time
root = sys.argv[1] if len(sys.argv) > 1 else "/var/log/app"
days = int(os.environ.get("LOG_RETENTION_DAYS", "14"))
cutoff = time.time() - days * 86400
removed = 0
for dirpath, _, files in os.walk(root):
    for f in files:
        p = os.path.join(dirpath, f)
        if os.path.getmtime(p) < cutoff:
            os.remove(p)
            removed += 1
print(f"removed {removed} files older than {days} days")
