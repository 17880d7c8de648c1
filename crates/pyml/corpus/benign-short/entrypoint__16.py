# purpose: entrypoint that runs the container command with a hard wall-clock timeout, killing the process group on expiry
import os, signal, subprocess, sys
limit = int(os.environ.get("JOB_TIMEOUT", "3600"))
p = subprocess.Popen(sys.argv[1:], start_new_session=True)
try:
    sys.exit(p.wait(timeout=limit))
except subprocess.TimeoutExpired:
    os.killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
    sys.exit(124)
