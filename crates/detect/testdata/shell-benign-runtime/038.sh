#!/bin/bash
# shrike-test-benign: helm release script with kubectl rollout status
set -euo pipefail
RELEASE=${RELEASE:-web}
NS=${NAMESPACE:-staging}
helm upgrade --install "$RELEASE" ./charts/web -n "$NS" --create-namespace \
  --set image.tag="${IMAGE_TAG}" --wait --timeout 5m
kubectl -n "$NS" rollout status deploy/"$RELEASE" --timeout=300s
kubectl -n "$NS" get pods -l app.kubernetes.io/instance="$RELEASE" -o wide
