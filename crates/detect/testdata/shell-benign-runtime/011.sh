#!/bin/bash
# shrike-test-benign: install a crontab for the legit cleanup job and run cron in the foreground
set -e
echo "${CLEANUP_SCHEDULE:-0 3 * * *} /usr/local/bin/cleanup-uploads --older-than 30d >> /proc/1/fd/1 2>&1" | crontab -
crontab -l
exec cron -f
