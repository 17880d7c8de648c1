# purpose: trim a log file to its last N lines in place (for a size-capped debug log)
import os
import sys
from collections import deque

path = sys.argv[1]
keep = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
with open(path, "r", errors="replace") as fh:
    tail = deque(fh, maxlen=keep)
tmp = path + ".tmp"
with open(tmp, "w") as fh:
    fh.writelines(tail)
os.replace(tmp, path)
