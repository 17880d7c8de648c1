#!/usr/bin/env python3
# Remove files under /tmp older than MAX_AGE_HOURS; skip sockets and lock files.
import os, stat, sys, time

root = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
max_age = float(os.environ.get("MAX_AGE_HOURS", "24")) * 3600
now = time.time()
removed = freed = 0

for dirpath, dirnames, filenames in os.walk(root, topdown=False):
    for name in filenames:
        p = os.path.join(dirpath, name)
        try:
            st = os.lstat(p)
        except FileNotFoundError:
            continue
        if stat.S_ISSOCK(st.st_mode) or name.endswith(".lock"):
            continue
        if now - st.st_mtime > max_age:
            os.remove(p)
            removed += 1
            freed += st.st_size
    if dirpath != root:
        try:
            os.rmdir(dirpath)  # only succeeds if empty
        except OSError:
            pass

print(f"removed {removed} files, freed {freed / 1e6:.1f} MB from {root}")
