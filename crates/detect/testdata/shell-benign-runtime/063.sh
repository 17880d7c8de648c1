#!/bin/sh
# shrike-test-benign: dnsmasq sidecar reloading config on SIGHUP when a file changes
conf=/etc/dnsmasq.d/hosts.conf
last=""
while :; do
  cur=$(md5sum "$conf" | cut -d' ' -f1)
  if [ "$cur" != "$last" ]; then
    [ -n "$last" ] && kill -HUP "$(cat /var/run/dnsmasq.pid)"
    last=$cur
  fi
  sleep 10
done
