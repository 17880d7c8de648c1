#!/bin/bash
# shrike-test-benign: disk usage alert sending a webhook with curl
THRESHOLD=${THRESHOLD:-85}
df -P | awk 'NR>1 {gsub("%","",$5); print $5, $6}' | while read -r pct mnt; do
  if [ "$pct" -ge "$THRESHOLD" ]; then
    curl -fsS -X POST -H 'Content-Type: application/json' \
      -d "{\"text\": \"$(hostname): $mnt at ${pct}%\"}" "${ALERT_WEBHOOK:-https://hooks.example.com/services/T000/B000/XXXX}"
  fi
done
