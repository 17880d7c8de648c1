#!/usr/bin/env python3
"""Trim the shared build cache volume.

1. delete anything not accessed for --max-age days
2. if still above --max-gb, evict least-recently-used files until under budget
3. remove empty directories
"""
import argparse
import os
import time

def scan(root):
    entries = []
    for dirpath, _dirnames, filenames in os.walk(root):
        for fn in filenames:
            p = os.path.join(dirpath, fn)
            try:
                st = os.stat(p, follow_symlinks=False)
            except OSError:
                continue
            entries.append((max(st.st_atime, st.st_mtime), st.st_size, p))
    return entries


def prune_empty_dirs(root):
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if dirpath != root and not dirnames and not filenames:
            try:
                os.rmdir(dirpath)
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/cache")
    ap.add_argument("--max-age", type=float, default=7.0)
    ap.add_argument("--max-gb", type=float, default=50.0)
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args()

    cutoff = time.time() - a.max_age * 86400
    entries = scan(a.root)
    freed = removed = 0
    keep = []
    for atime, size, path in entries:
        if atime < cutoff:
            if not a.dry_run:
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    continue
            freed += size
            removed += 1
        else:
            keep.append((atime, size, path))

    budget = int(a.max_gb * 1024 ** 3)
    total = sum(s for _, s, _ in keep)
    keep.sort()  # oldest access first
    for atime, size, path in keep:
        if total <= budget:
            break
        if not a.dry_run:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        total -= size
        freed += size
        removed += 1

    if not a.dry_run:
        prune_empty_dirs(a.root)
    print(f"cache-trim: removed {removed} files, freed {freed / 1024 ** 2:.1f} MiB, "
          f"now {total / 1024 ** 3:.2f} GiB")


if __name__ == "__main__":
    main()
