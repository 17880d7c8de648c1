# purpose: run an installer that prompts for confirmation by answering 'y' through a pty, logging the transcript
import os, pty, sys
answered = False
def reader(fd):
    global answered
    data = os.read(fd, 1024)
    if not answered and b"[y/N]" in data:
        os.write(fd, b"y\n"); answered = True
    return data
rc = pty.spawn(["/opt/vendor/install.sh", "--prefix", "/opt/vendor"], reader)
sys.exit(os.waitstatus_to_exitcode(rc))
