#!/bin/bash
# shrike-test-benign: debug helper dumping environment with secrets masked
env | sort | sed -E 's/^([^=]*(PASSWORD|SECRET|TOKEN|KEY)[^=]*)=.*/\1=****/I'
echo "--- mounts"; cat /proc/self/mountinfo | awk '{print $5, $9}'
echo "--- limits"; ulimit -a
