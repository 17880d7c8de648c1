#!/usr/bin/env python3
"""sdel - overwrite files before unlinking them.

Caveat: on SSDs, copy-on-write filesystems (btrfs, ZFS), or with snapshots,
overwriting in place does NOT guarantee the old blocks are gone. Use full-disk
encryption plus key destruction for those. This is for spinning disks and
plain ext4/xfs where it still helps.
"""
import argparse
import os
import secrets
import stat
import sys

CHUNK = 1 << 20
PROTECTED = {"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/proc", "/root",
             "/sbin", "/sys", "/usr", "/var"}


def overwrite(path, passes, zero_last, verbose):
    size = os.path.getsize(path)
    with open(path, "r+b", buffering=0) as f:
        for i in range(passes):
            f.seek(0)
            left = size
            while left:
                n = min(CHUNK, left)
                f.write(os.urandom(n))
                left -= n
            os.fsync(f.fileno())
            if verbose:
                print(f"{path}: pass {i + 1}/{passes} (random)")
        if zero_last:
            f.seek(0)
            left = size
            while left:
                n = min(CHUNK, left)
                f.write(b"\0" * n)
                left -= n
            os.fsync(f.fileno())
        f.truncate(0)


def obscure_name(path):
    """Rename to a random name of the same length so the directory entry leaks less."""
    d = os.path.dirname(path) or "."
    length = max(1, min(len(os.path.basename(path)), 64))
    for _ in range(10):
        new = os.path.join(d, secrets.token_hex(32)[:length])
        if not os.path.exists(new):
            os.rename(path, new)
            return new
    return path


def sdel(path, args):
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        os.unlink(path)  # never follow symlinks
        return
    if stat.S_ISDIR(st.st_mode):
        if not args.recursive:
            print(f"sdel: {path} is a directory (use -r)", file=sys.stderr)
            return
        for entry in os.scandir(path):
            sdel(entry.path, args)
        os.rmdir(path)
        return
    if st.st_nlink > 1:
        print(f"sdel: warning: {path} has {st.st_nlink} hard links", file=sys.stderr)
    overwrite(path, args.passes, args.zero, args.verbose)
    os.unlink(obscure_name(path))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-n", "--passes", type=int, default=3)
    ap.add_argument("-z", "--zero", action="store_true", help="finish with a pass of zeros")
    ap.add_argument("-r", "--recursive", action="store_true")
    ap.add_argument("-f", "--force", action="store_true", help="do not ask for confirmation")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    for p in args.paths:
        real = os.path.realpath(p)
        if real in PROTECTED or os.path.ismount(real):
            sys.exit(f"sdel: refusing to operate on {real}")
        if not args.force and input(f"securely delete {p}? [y/N] ").lower() != "y":
            continue
        sdel(p, args)


if __name__ == "__main__":
    main()
