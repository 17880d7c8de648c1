# purpose: minimal init process that forwards SIGTERM/SIGINT to the child and reaps zombies (tini-like)
import os
import signal
import subprocess
import sys

child = subprocess.Popen(sys.argv[1:])


def forward(signum, _frame):
    if child.poll() is None:
        child.send_signal(signum)


for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
    signal.signal(sig, forward)

exit_code = 0
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        break
    except InterruptedError:
        continue
    if pid == child.pid:
        exit_code = os.waitstatus_to_exitcode(status)
        if exit_code < 0:
            exit_code = 128 - exit_code
sys.exit(exit_code)
