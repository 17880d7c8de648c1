# purpose: entrypoint that picks gunicorn worker count from the cgroup CPU quota and execs gunicorn
import math
import os

def cpu_limit():
    try:
        quota, period = open("/sys/fs/cgroup/cpu.max").read().split()
        if quota != "max":
            return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    return os.cpu_count() or 1

workers = str(cpu_limit() * 2 + 1)
os.execvp("gunicorn", ["gunicorn", "app:create_app()", "--bind", "0.0.0.0:8000", "--workers", workers, "--access-logfile", "-"])
