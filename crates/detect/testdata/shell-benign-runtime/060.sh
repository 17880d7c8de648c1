#!/bin/bash
# shrike-test-benign: kubectl port-forward plus smoke test against the forwarded service
set -euo pipefail
kubectl -n "${NS:-default}" port-forward svc/api 18080:80 >/dev/null 2>&1 &
PF=$!
trap 'kill $PF' EXIT
for i in $(seq 1 20); do nc -z 127.0.0.1 18080 && break; sleep 0.5; done
curl -fsS http://127.0.0.1:18080/api/health | jq -e '.status == "ok"'
