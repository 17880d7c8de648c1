#!/bin/bash
# shrike-test-benign: wait-for-it style port check using bash /dev/tcp
HOST="$1"; PORT="$2"; shift 2
TIMEOUT=${TIMEOUT:-30}
start=$(date +%s)
while :; do
  if (echo > /dev/tcp/$HOST/$PORT) >/dev/null 2>&1; then
    echo "wait-for: $HOST:$PORT is available after $(( $(date +%s) - start )) seconds"
    break
  fi
  if [ $(( $(date +%s) - start )) -ge "$TIMEOUT" ]; then
    echo "wait-for: timeout after $TIMEOUT seconds waiting for $HOST:$PORT" >&2
    exit 1
  fi
  sleep 1
done
[ $# -gt 0 ] && exec "$@"
