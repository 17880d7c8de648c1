#!/bin/bash
# shrike-test-benign: golang build stage fetching the go toolchain tarball and verifying it
set -euo pipefail
GO_VERSION=1.22.3
curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz" -o /tmp/go.tgz
echo "${GO_SHA256}  /tmp/go.tgz" | sha256sum -c -
tar -C /usr/local -xzf /tmp/go.tgz
rm /tmp/go.tgz
export PATH=/usr/local/go/bin:$PATH
go version
