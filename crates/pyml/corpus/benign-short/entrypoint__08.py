# purpose: jupyter container entrypoint that sets a password hash from env and starts the notebook server
import os
import subprocess
import sys

from jupyter_server.auth import passwd

args = ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser"]
pw = os.environ.get("JUPYTER_PASSWORD")
if pw:
    args.append(f"--ServerApp.password={passwd(pw)}")
else:
    args.append("--ServerApp.token=" + os.environ.get("JUPYTER_TOKEN", ""))
if os.getuid() == 0:
    args.append("--allow-root")
sys.exit(subprocess.call(args + sys.argv[1:]))
