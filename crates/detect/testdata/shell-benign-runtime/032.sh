#!/bin/sh
# shrike-test-benign: clean up apt caches and docs to shrink an image layer
set -e
apt-get purge -y --auto-remove build-essential
apt-get clean
rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/* /usr/share/doc/* /usr/share/man/*
find /var/log -type f -name '*.log' -exec truncate -s 0 {} +
