#!/bin/sh
# shrike-test-benign: docker HEALTHCHECK curling the local health endpoint
curl -fsS --max-time 2 http://localhost:8080/healthz || exit 1
