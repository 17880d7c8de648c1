# purpose: release-phase script: run migrations via manage.py only on the leader replica (ordinal 0 of a StatefulSet)
import os
import re
import subprocess
import sys

hostname = os.environ.get("HOSTNAME", "")
m = re.search(r"-(\d+)$", hostname)
if m and m.group(1) != "0":
    print(f"{hostname} is not the leader; skipping migrations")
    sys.exit(0)
sys.exit(subprocess.run([sys.executable, "/app/manage.py", "migrate", "--noinput"]).returncode)
