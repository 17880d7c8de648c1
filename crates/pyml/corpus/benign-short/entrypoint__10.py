# purpose: entrypoint that reloads the app config on SIGHUP and restarts the worker subprocess
import signal, subprocess, sys, time
cmd = ["python", "-m", "worker", "--config", "/etc/worker/config.yaml"]
proc = subprocess.Popen(cmd)
reload_requested = False
def on_hup(*_):
    global reload_requested
    reload_requested = True
signal.signal(signal.SIGHUP, on_hup)
signal.signal(signal.SIGTERM, lambda *_: (proc.terminate(), proc.wait(), sys.exit(0)))
while True:
    if reload_requested:
        reload_requested = False
        proc.terminate(); proc.wait()
        proc = subprocess.Popen(cmd)
    if proc.poll() is not None:
        sys.exit(proc.returncode)
    time.sleep(0.5)
