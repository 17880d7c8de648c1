# purpose: CI helper that runs the test suite under `script`-like pty capture via pty.fork so progress bars render
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp("pytest", ["pytest", "-q", "--color=yes"] + sys.argv[1:])
with open("/tmp/test-output.log", "wb") as log:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        log.write(chunk)
        os.write(1, chunk)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
