#!/bin/bash
# shrike-test-benign: node app entrypoint waiting for database port with nc -z
set -e
DB_HOST=${DB_HOST:-db}
DB_PORT=${DB_PORT:-5432}
echo "Waiting for $DB_HOST:$DB_PORT..."
for i in $(seq 1 60); do
  if nc -z "$DB_HOST" "$DB_PORT"; then
    echo "Database is up"
    break
  fi
  sleep 1
done
npx prisma migrate deploy
exec node dist/server.js "$@"
