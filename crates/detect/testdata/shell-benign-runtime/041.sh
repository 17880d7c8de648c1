#!/bin/bash
# shrike-test-benign: sidecar that ships logs with curl to a logging endpoint in batches
set -u
ENDPOINT=${LOG_ENDPOINT:-http://log-collector.logging.svc:8080/ingest}
tail -n0 -F /var/log/app/app.log | while read -r line; do
  printf '%s\n' "$line" >> /tmp/batch
  if [ "$(wc -l < /tmp/batch)" -ge 100 ]; then
    curl -fsS -X POST -H 'Content-Type: text/plain' --data-binary @/tmp/batch "$ENDPOINT" && : > /tmp/batch
  fi
done
