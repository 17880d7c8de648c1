# purpose: run a build command under a pseudo-terminal so it keeps colored output, while saving a copy to a log file
import os
import pty
import sys

log = open("/var/log/build/last-build.log", "wb")


def read(fd):
    data = os.read(fd, 1024)
    log.write(data)
    log.flush()
    return data


status = pty.spawn(sys.argv[1:] or ["make", "all"], read)
log.close()
sys.exit(os.waitstatus_to_exitcode(status))
