#!/bin/bash
# shrike-test-benign: nightly pg_dump piped through gzip to S3
set -euo pipefail
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
BUCKET=${BACKUP_BUCKET:?set BACKUP_BUCKET}
export PGPASSWORD="${POSTGRES_PASSWORD}"
pg_dump -h "${PGHOST:-postgres}" -U "${PGUSER:-postgres}" -Fc "${PGDATABASE:-app}" \
  | gzip -9 \
  | aws s3 cp - "s3://${BUCKET}/pg/${PGDATABASE:-app}-${STAMP}.dump.gz" --sse AES256
echo "backup ${STAMP} uploaded"
aws s3 ls "s3://${BUCKET}/pg/" | awk '{print $4}' | sort | head -n -14 | while read -r old; do
  aws s3 rm "s3://${BUCKET}/pg/${old}"
done
