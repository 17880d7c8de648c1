#!/bin/sh
# shrike-test-benign: socat port forwarder sidecar exposing a unix socket on tcp for metrics
exec socat TCP-LISTEN:9102,fork,reuseaddr UNIX-CONNECT:/var/run/app/metrics.sock
