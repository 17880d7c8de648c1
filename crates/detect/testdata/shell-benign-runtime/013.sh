#!/bin/bash
# shrike-test-benign: kubectl helper to tail logs of all pods matching a label
set -euo pipefail
NS=${NS:-default}
SEL=${1:?usage: $0 label-selector}
for pod in $(kubectl -n "$NS" get pods -l "$SEL" -o jsonpath='{.items[*].metadata.name}'); do
  kubectl -n "$NS" logs --tail=50 --prefix "$pod" &
done
wait
