#!/bin/sh
# shrike-test-benign: cleanup of temporary upload files older than a day
find /var/www/uploads/tmp -type f -mtime +1 -print -delete
find /tmp -maxdepth 1 -name 'php*' -mmin +60 -delete
