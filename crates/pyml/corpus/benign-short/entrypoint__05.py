# purpose: supervisor-style entrypoint that runs nginx and the app server together and exits if either dies
import signal
import subprocess
import sys
import time

procs = {
    "nginx": subprocess.Popen(["nginx", "-g", "daemon off;"]),
    "app": subprocess.Popen(["uvicorn", "main:app", "--host", "127.0.0.1", "--port", "8001"]),
}


def shutdown(*_):
    for p in procs.values():
        if p.poll() is None:
            p.terminate()
    deadline = time.time() + 10
    for p in procs.values():
        try:
            p.wait(timeout=max(0, deadline - time.time()))
        except subprocess.TimeoutExpired:
            p.kill()
    sys.exit(0)


signal.signal(signal.SIGTERM, shutdown)
signal.signal(signal.SIGINT, shutdown)

while True:
    for name, p in procs.items():
        rc = p.poll()
        if rc is not None:
            print(f"{name} exited with {rc}; stopping container", flush=True)
            shutdown()
    time.sleep(1)
