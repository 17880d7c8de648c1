#!/bin/sh
# shrike-test-benign: sshd container entrypoint generating host keys and setting a password from secret
set -e
ssh-keygen -A
if [ -f /run/secrets/user_password ]; then
  echo "app:$(cat /run/secrets/user_password)" | chpasswd
fi
mkdir -p /run/sshd
exec /usr/sbin/sshd -D -e -o PasswordAuthentication=no
