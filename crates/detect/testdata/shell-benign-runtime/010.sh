#!/bin/sh
# shrike-test-benign: decode a base64 TLS config from env var into files at start-up
set -eu
mkdir -p /etc/app/tls
if [ -n "${TLS_CERT_B64:-}" ]; then
  echo "$TLS_CERT_B64" | base64 -d > /etc/app/tls/tls.crt
  echo "$TLS_KEY_B64" | base64 -d > /etc/app/tls/tls.key
  chmod 600 /etc/app/tls/tls.key
fi
if [ -n "${APP_CONFIG_B64:-}" ]; then
  printf '%s' "$APP_CONFIG_B64" | base64 --decode > /etc/app/config.yaml
fi
exec /usr/local/bin/app --config /etc/app/config.yaml "$@"
