#!/bin/sh
# shrike-test-benign: logrotate-like rotation for an app log inside a container
LOG=/var/log/app/app.log
MAX=${MAX_LOG_BYTES:-10485760}
KEEP=5
size=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
if [ "$size" -gt "$MAX" ]; then
  i=$KEEP
  while [ $i -gt 1 ]; do
    prev=$((i-1))
    [ -f "$LOG.$prev.gz" ] && mv "$LOG.$prev.gz" "$LOG.$i.gz"
    i=$prev
  done
  cp "$LOG" "$LOG.1" && : > "$LOG"
  gzip -f "$LOG.1"
fi
