#!/bin/sh
# shrike-test-attack: defense-evasion: self-delete the running script and its payload
P=/tmp/.x
[ -x "$P" ] && "$P" &
sleep 2
rm -f "$P" "$0"
