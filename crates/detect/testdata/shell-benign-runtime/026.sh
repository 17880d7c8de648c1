#!/bin/sh
# shrike-test-benign: busybox-based init container that waits for DNS and a service to resolve
until nslookup "${SERVICE:-myservice}.${NAMESPACE:-default}.svc.cluster.local"; do
  echo "waiting for ${SERVICE:-myservice}"
  sleep 2
done
