#!/bin/bash
# shrike-test-benign: elasticsearch entrypoint tuning vm.max_map_count and ulimits when allowed
set -e
if [ "$(id -u)" = 0 ]; then
  sysctl -w vm.max_map_count=262144 2>/dev/null || echo "warning: could not set vm.max_map_count"
  ulimit -n 65535 || true
  chown -R elasticsearch:elasticsearch /usr/share/elasticsearch/data /usr/share/elasticsearch/logs
  exec su-exec elasticsearch "$0" "$@"
fi
export ES_JAVA_OPTS="-Xms${HEAP:-1g} -Xmx${HEAP:-1g} $ES_JAVA_OPTS"
exec /usr/share/elasticsearch/bin/elasticsearch "$@"
