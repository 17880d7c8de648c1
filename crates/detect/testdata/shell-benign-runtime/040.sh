#!/bin/bash
# shrike-test-benign: redis-cli based readiness probe with password from file
set -e
export REDISCLI_AUTH="$(cat /run/secrets/redis_password 2>/dev/null || true)"
response=$(timeout -s 3 "${1:-5}" redis-cli -h localhost -p "${REDIS_PORT:-6379}" ping)
if [ "$response" != "PONG" ]; then
  echo "$response"
  exit 1
fi
