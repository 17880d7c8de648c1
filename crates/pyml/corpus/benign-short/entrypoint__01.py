# purpose: container entrypoint that runs optional init hooks then execs the main command so it becomes PID 1
import glob
import os
import subprocess
import sys


def run_hooks():
    for hook in sorted(glob.glob("/docker-entrypoint.d/*")):
        if hook.endswith(".sh") and os.access(hook, os.X_OK):
            print(f"entrypoint: running {hook}", flush=True)
            subprocess.run([hook], check=True)
        elif hook.endswith(".py"):
            print(f"entrypoint: running {hook}", flush=True)
            subprocess.run([sys.executable, hook], check=True)


if __name__ == "__main__":
    run_hooks()
    args = sys.argv[1:] or ["gunicorn", "app.wsgi:application", "--bind", "0.0.0.0:8000"]
    os.execvp(args[0], args)
