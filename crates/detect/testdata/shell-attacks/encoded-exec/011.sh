#!/bin/bash
# shrike-test-attack: encoded-exec: base64 payload written to disk, decoded, made executable, run
echo 'f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAeABAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAEAAOAABAAAAAAAAAAEAAAAHAAAA' > /tmp/.b
base64 -d /tmp/.b > /tmp/.elf && chmod +x /tmp/.elf && /tmp/.elf; rm -f /tmp/.b /tmp/.elf
