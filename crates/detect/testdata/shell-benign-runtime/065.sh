#!/bin/bash
# shrike-test-benign: let's encrypt acme.sh renewal via cron installed by the official installer
set -e
curl -fsSL https://get.acme.sh | sh -s email=ops@example.com
~/.acme.sh/acme.sh --set-default-ca --server letsencrypt
~/.acme.sh/acme.sh --issue -d www.example.com -w /var/www/html --keylength ec-256
~/.acme.sh/acme.sh --install-cert -d www.example.com --ecc --key-file /etc/nginx/ssl/key.pem --fullchain-file /etc/nginx/ssl/cert.pem --reloadcmd "nginx -s reload"
crontab -l
