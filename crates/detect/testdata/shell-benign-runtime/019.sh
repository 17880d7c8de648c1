#!/bin/sh
# shrike-test-benign: mysql backup with mysqldump to a mounted volume and retention
set -e
DEST=/backups
mkdir -p "$DEST"
F="$DEST/$(date +%F_%H%M)-${MYSQL_DATABASE}.sql.gz"
mysqldump --single-transaction --routines -h "${MYSQL_HOST:-mysql}" -u root -p"${MYSQL_ROOT_PASSWORD}" "${MYSQL_DATABASE}" | gzip > "$F"
find "$DEST" -name '*.sql.gz' -mtime +7 -delete
echo "wrote $F"
