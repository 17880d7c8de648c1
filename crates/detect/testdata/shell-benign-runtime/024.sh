#!/bin/sh
# shrike-test-benign: kubernetes liveness check that the main process is still alive
pid=$(cat /var/run/app.pid 2>/dev/null) || exit 1
kill -0 "$pid" 2>/dev/null || exit 1
test "$(find /tmp/heartbeat -mmin -2 2>/dev/null)" || exit 1
exit 0
