#!/bin/sh
# shrike-test-benign: grafana provisioning decoding dashboards from base64 config map values
set -e
mkdir -p /var/lib/grafana/dashboards
for v in $(env | grep '^DASHBOARD_' | cut -d= -f1); do
  name=$(echo "$v" | sed 's/^DASHBOARD_//' | tr 'A-Z' 'a-z')
  eval "printf '%s' \"\$$v\"" | base64 -d > "/var/lib/grafana/dashboards/$name.json"
done
exec /run.sh
