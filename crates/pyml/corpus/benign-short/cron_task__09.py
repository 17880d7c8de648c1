# purpose: crontab-driven wrapper that runs a job with a file lock so overlapping runs are skipped
import fcntl
import subprocess
import sys

lock = open("/tmp/report-job.lock", "w")
try:
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("previous run still active; skipping")
    sys.exit(0)
sys.exit(subprocess.call(["python", "-m", "reports.generate", "--period", "daily"]))
