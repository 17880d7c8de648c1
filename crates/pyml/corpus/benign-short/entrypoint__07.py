# purpose: entrypoint that runs the app with a graceful-shutdown timeout and a preStop drain delay
import os, signal, subprocess, sys, time
DRAIN = float(os.environ.get("DRAIN_SECONDS", "5"))
p = subprocess.Popen(sys.argv[1:] or ["node", "server.js"])
def on_term(signum, frame):
    print(f"got signal {signum}, draining for {DRAIN}s", flush=True)
    time.sleep(DRAIN)
    p.send_signal(signal.SIGTERM)
signal.signal(signal.SIGTERM, on_term)
sys.exit(p.wait())
