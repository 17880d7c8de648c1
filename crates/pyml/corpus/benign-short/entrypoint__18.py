# purpose: entrypoint that prints the effective APP_* configuration at start-up, with secret-looking values masked, then execs the server
import os
import sys

MASK = ("TOKEN", "SECRET", "PASSWORD", "KEY")

print("effective configuration:")
for k, v in sorted(os.environ.items()):
    if not k.startswith("APP_"):
        continue
    shown = "****" if any(m in k for m in MASK) else v
    print(f"  {k}={shown}")
sys.stdout.flush()
os.execvp("gunicorn", ["gunicorn", "-c", "/app/gunicorn.conf.py", "app.wsgi:application"])
