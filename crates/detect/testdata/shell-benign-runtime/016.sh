#!/bin/bash
# shrike-test-benign: install the official Docker CLI via get.docker.com convenience script in a build image
set -eux
curl -fsSL https://get.docker.com -o /tmp/get-docker.sh
sh /tmp/get-docker.sh --dry-run
sh /tmp/get-docker.sh
rm -f /tmp/get-docker.sh
usermod -aG docker builder
