#!/bin/bash
# shrike-test-benign: CI script running lint, tests and building a docker image
set -euo pipefail
cd "$(dirname "$0")/.."
echo "--- lint"
shellcheck scripts/*.sh
echo "--- test"
go test ./... -race -count=1
echo "--- build"
TAG="${CI_REGISTRY_IMAGE:-registry.example.com/app}:${CI_COMMIT_SHORT_SHA:-dev}"
docker build --pull -t "$TAG" .
if [ "${CI_COMMIT_BRANCH:-}" = "main" ]; then
  echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "${CI_REGISTRY:-registry.example.com}"
  docker push "$TAG"
fi
