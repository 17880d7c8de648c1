#!/bin/sh
# shrike-test-benign: ca-certificates update with a corporate root CA from a config map
set -e
if [ -f /etc/corp-ca/ca.crt ]; then
  cp /etc/corp-ca/ca.crt /usr/local/share/ca-certificates/corp-root.crt
  update-ca-certificates
fi
