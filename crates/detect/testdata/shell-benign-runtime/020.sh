#!/bin/bash
# shrike-test-benign: add an authorized deploy key from a mounted secret for an sftp container
set -e
mkdir -p /home/deploy/.ssh
cat /run/secrets/deploy_authorized_keys > /home/deploy/.ssh/authorized_keys
chown -R deploy:deploy /home/deploy/.ssh
chmod 700 /home/deploy/.ssh
chmod 600 /home/deploy/.ssh/authorized_keys
ssh-keygen -A
exec /usr/sbin/sshd -D -e
