#!/bin/bash
# shrike-test-benign: restore a backup from S3 and load it into postgres
set -euo pipefail
KEY=${1:?usage: restore.sh s3-key}
aws s3 cp "s3://${BACKUP_BUCKET}/${KEY}" - | gunzip | pg_restore --clean --if-exists -d "$DATABASE_URL"
psql "$DATABASE_URL" -c 'ANALYZE;'
