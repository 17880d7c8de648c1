#!/bin/bash
# shrike-test-benign: git clone of a private repo using a deploy key from env, then build
set -euo pipefail
install -m 700 -d ~/.ssh
echo "$DEPLOY_KEY" | base64 -d > ~/.ssh/id_ed25519
chmod 600 ~/.ssh/id_ed25519
ssh-keyscan -t ed25519 github.com >> ~/.ssh/known_hosts 2>/dev/null
git clone --depth 1 --branch "${REF:-main}" git@github.com:example-org/app.git /src
cd /src && make build
rm -f ~/.ssh/id_ed25519
