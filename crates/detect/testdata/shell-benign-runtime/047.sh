#!/bin/sh
# shrike-test-benign: php-fpm entrypoint enabling xdebug only in development
set -e
if [ "${APP_ENV:-production}" = "development" ]; then
  docker-php-ext-enable xdebug
  echo "xdebug.mode=debug" >> /usr/local/etc/php/conf.d/docker-php-ext-xdebug.ini
  echo "xdebug.client_host=host.docker.internal" >> /usr/local/etc/php/conf.d/docker-php-ext-xdebug.ini
fi
if [ "$1" = "php-fpm" ]; then
  php artisan config:cache
  php artisan migrate --force
fi
exec docker-php-entrypoint "$@"
