#!/bin/sh
# shrike-test-benign: entrypoint that renders config via sed placeholders and starts supervisord
set -e
sed -i \
  -e "s|{{SERVER_NAME}}|${SERVER_NAME:-localhost}|g" \
  -e "s|{{UPSTREAM}}|${UPSTREAM:-127.0.0.1:9000}|g" \
  /etc/nginx/conf.d/default.conf
chown -R www-data:www-data /var/www/html/storage /var/www/html/bootstrap/cache
chmod -R ug+rwX /var/www/html/storage
exec /usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf
