#!/bin/bash
# shrike-test-benign: Dockerfile build step installing Node.js with the official NodeSource setup script
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y nodejs
npm install -g pnpm@8
rm -rf /var/lib/apt/lists/*
