#!/bin/sh
# shrike-test-benign: alpine build step adding packages and a static helper downloaded with wget
set -ex
apk add --no-cache bash curl jq tzdata
wget -q -O /usr/local/bin/dumb-init https://github.com/Yelp/dumb-init/releases/download/v1.2.5/dumb-init_1.2.5_x86_64
chmod +x /usr/local/bin/dumb-init
cp /usr/share/zoneinfo/"${TZ:-UTC}" /etc/localtime
