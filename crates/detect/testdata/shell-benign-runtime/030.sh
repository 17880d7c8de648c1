#!/bin/sh
# shrike-test-benign: set up iptables NAT rules in a VPN gateway sidecar
set -e
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A POSTROUTING -s 10.8.0.0/24 -o eth0 -j MASQUERADE
iptables -A FORWARD -i tun0 -o eth0 -j ACCEPT
iptables -A FORWARD -i eth0 -o tun0 -m state --state RELATED,ESTABLISHED -j ACCEPT
exec openvpn --config /etc/openvpn/server.conf
