#!/usr/bin/env python3
"""docker-entrypoint: fix volume ownership as root, drop to the app user, exec.

Mirrors the usual gosu/su-exec pattern in official images.
"""
import grp
import os
import pwd
import sys

APP_USER = os.environ.get("APP_USER", "app")
DATA_DIRS = ["/var/lib/app", "/var/log/app"]


def chown_tree(path, uid, gid):
    for root, dirs, files in os.walk(path):
        os.chown(root, uid, gid)
        for name in files:
            os.chown(os.path.join(root, name), uid, gid)


def main(argv):
    if not argv:
        argv = ["python3", "-m", "app.server"]
    if os.getuid() == 0:
        pw = pwd.getpwnam(APP_USER)
        for d in DATA_DIRS:
            os.makedirs(d, exist_ok=True)
            chown_tree(d, pw.pw_uid, pw.pw_gid)
        groups = [g.gr_gid for g in grp.getgrall() if APP_USER in g.gr_mem]
        os.setgroups(groups)
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)
        os.environ["HOME"] = pw.pw_dir
        os.environ["USER"] = APP_USER
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
