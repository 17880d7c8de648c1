#!/bin/sh
# shrike-test-benign: docker-compose healthcheck for postgres using pg_isready
pg_isready -U "${POSTGRES_USER:-postgres}" -h 127.0.0.1 -p 5432 -q || exit 1
