#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (if needed), makes sure the test role exists, and prints the
# URL the store tests take in SHRIKE_TEST_POSTGRES. Run as root. Idempotent.
set -euo pipefail
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
[ -n "$version" ] || { echo "test-postgres: PostgreSQL is not installed (scripts/install-deps.sh)" >&2; exit 1; }
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 50); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.2
done
su postgres -c "psql -qAtc \"SELECT 1 FROM pg_roles WHERE rolname = 'shrike'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE shrike LOGIN PASSWORD 'shrike' CREATEDB\"" >&2
su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname = 'shrike_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O shrike shrike_test" >&2
echo "postgres://shrike:shrike@127.0.0.1:5432/shrike_test"
