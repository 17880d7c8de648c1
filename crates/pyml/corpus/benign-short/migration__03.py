# purpose: run django migrations then collectstatic via subprocess, stopping on first failure
import subprocess
import sys

STEPS = [
    [sys.executable, "manage.py", "migrate", "--noinput"],
    [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear"],
    [sys.executable, "manage.py", "compilemessages"],
]
for step in STEPS:
    print("+", " ".join(step), flush=True)
    rc = subprocess.call(step)
    if rc != 0:
        sys.exit(rc)
