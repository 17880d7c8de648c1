#!/bin/bash
# shrike-test-benign: nightly git gc and cleanup in a gitea data volume run from cron
set -e
for repo in /data/git/repositories/*/*.git; do
  git -C "$repo" gc --auto --quiet
done
find /data/gitea/tmp -mindepth 1 -mtime +2 -delete
