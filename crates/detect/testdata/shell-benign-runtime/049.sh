#!/bin/sh
# shrike-test-benign: minio client mirror job copying backups between buckets
set -e
mc alias set src "$SRC_URL" "$SRC_ACCESS_KEY" "$SRC_SECRET_KEY" >/dev/null
mc alias set dst "$DST_URL" "$DST_ACCESS_KEY" "$DST_SECRET_KEY" >/dev/null
mc mirror --overwrite --remove src/backups dst/backups-replica
