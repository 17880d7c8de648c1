# purpose: entrypoint that tees the child's stdout/stderr to a rotating log file while still printing to the container log
import subprocess
import sys
from logging.handlers import RotatingFileHandler
import logging

handler = RotatingFileHandler("/var/log/app/app.log", maxBytes=10 * 1024 * 1024, backupCount=3)
handler.setFormatter(logging.Formatter("%(message)s"))
log = logging.getLogger("tee")
log.addHandler(handler)
log.setLevel(logging.INFO)

proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
for line in proc.stdout:
    sys.stdout.write(line)
    sys.stdout.flush()
    log.info(line.rstrip("\n"))
sys.exit(proc.wait())
