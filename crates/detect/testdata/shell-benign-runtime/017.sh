#!/bin/sh
# shrike-test-benign: download a release binary, verify sha256, install with chmod +x
set -eu
VER=${TINI_VERSION:-v0.19.0}
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
curl -fsSLo /usr/local/bin/tini "https://github.com/krallin/tini/releases/download/${VER}/tini-${ARCH}"
echo "${TINI_SHA256}  /usr/local/bin/tini" | sha256sum -c -
chmod +x /usr/local/bin/tini
