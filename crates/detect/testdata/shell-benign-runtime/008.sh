#!/bin/sh
# shrike-test-benign: certbot renewal with nginx reload hook
set -e
certbot renew --quiet --webroot -w /var/www/certbot --deploy-hook "nginx -s reload"
find /etc/letsencrypt/live -name fullchain.pem -mtime -1 -exec echo "renewed: {}" \;
