#!/bin/bash
# shrike-test-benign: systemd unit install for a host agent, done by a package postinst
set -e
cat > /etc/systemd/system/node-exporter.service <<'UNIT'
[Unit]
Description=Prometheus Node Exporter
After=network-online.target

[Service]
User=node_exporter
ExecStart=/usr/local/bin/node_exporter --collector.systemd
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now node-exporter.service
