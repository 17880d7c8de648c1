# purpose: full-featured container entrypoint: env validation, secret-file loading, config rendering, dependency waits, migrations, privilege drop and exec
import argparse
import grp
import logging
import os
import pwd
import signal
import socket
import string
import subprocess
import sys
import time

log = logging.getLogger("entrypoint")
logging.basicConfig(level=os.environ.get("ENTRYPOINT_LOG_LEVEL", "INFO"), format="entrypoint: %(message)s")

REQUIRED_ENV = ("APP_ENV", "DATABASE_URL")
TEMPLATES = {
    "/etc/app/app.ini.tpl": "/etc/app/app.ini",
    "/etc/nginx/conf.d/app.conf.tpl": "/etc/nginx/conf.d/app.conf",
}


def load_secret_files():
    """Support the FOO_FILE=/run/secrets/foo convention used by docker/k8s secrets."""
    for key in [k for k in os.environ if k.endswith("_FILE")]:
        target = key[:-5]
        path = os.environ[key]
        if target in os.environ:
            log.warning("%s and %s both set; keeping %s", target, key, target)
            continue
        try:
            with open(path) as fh:
                os.environ[target] = fh.read().rstrip("\n")
            log.info("loaded %s from %s", target, path)
        except OSError as exc:
            sys.exit(f"cannot read {path} for {target}: {exc}")


def validate_env():
    missing = [k for k in REQUIRED_ENV if not os.environ.get(k)]
    if missing:
        sys.exit("missing required environment: " + ", ".join(missing))


def render_templates():
    for src, dst in TEMPLATES.items():
        if not os.path.exists(src):
            continue
        with open(src) as fh:
            rendered = string.Template(fh.read()).safe_substitute(os.environ)
        tmp = dst + ".tmp"
        with open(tmp, "w") as fh:
            fh.write(rendered)
        os.replace(tmp, dst)
        log.info("rendered %s", dst)


def wait_for(host, port, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=2).close()
            log.info("%s:%s is reachable", host, port)
            return
        except OSError:
            time.sleep(1)
    sys.exit(f"timed out waiting for {host}:{port}")


def wait_dependencies():
    for item in filter(None, os.environ.get("WAIT_FOR", "").split(",")):
        host, _, port = item.strip().rpartition(":")
        wait_for(host, int(port), int(os.environ.get("WAIT_TIMEOUT", "60")))


def run_migrations():
    if os.environ.get("RUN_MIGRATIONS", "0") != "1":
        return
    log.info("running migrations")
    rc = subprocess.call([sys.executable, "/app/manage.py", "migrate", "--noinput"])
    if rc != 0:
        sys.exit(rc)


def drop_privileges(user):
    if os.getuid() != 0:
        return
    pw = pwd.getpwnam(user)
    groups = [g.gr_gid for g in grp.getgrall() if user in g.gr_mem]
    os.setgroups(groups)
    os.setgid(pw.pw_gid)
    os.setuid(pw.pw_uid)
    os.environ["HOME"] = pw.pw_dir
    os.environ["USER"] = user
    log.info("dropped privileges to %s (uid %d)", user, pw.pw_uid)


def main(argv):
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--skip-wait", action="store_true")
    opts, cmd = parser.parse_known_args(argv)
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    if not cmd:
        cmd = ["gunicorn", "app.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load_secret_files()
    validate_env()
    render_templates()
    if not opts.skip_wait:
        wait_dependencies()
    run_migrations()
    drop_privileges(os.environ.get("APP_USER", "app"))
    log.info("exec %s", " ".join(cmd))
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv[1:])
