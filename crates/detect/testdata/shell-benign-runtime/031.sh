#!/bin/bash
# shrike-test-benign: create a non-root service user at image build time
set -eux
groupadd --system --gid 1001 app
useradd --system --uid 1001 --gid app --home-dir /app --shell /usr/sbin/nologin app
mkdir -p /app /var/log/app
chown -R app:app /app /var/log/app
chmod 0750 /app
