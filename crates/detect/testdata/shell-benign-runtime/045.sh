#!/bin/bash
# shrike-test-benign: GitHub Actions style script caching and testing a node project
set -euo pipefail
corepack enable
pnpm install --frozen-lockfile
pnpm run lint
pnpm test -- --ci --coverage
if [ -n "${CODECOV_TOKEN:-}" ]; then
  curl -Os https://uploader.codecov.io/latest/linux/codecov
  chmod +x codecov
  ./codecov -t "$CODECOV_TOKEN"
fi
