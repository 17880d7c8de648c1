#!/bin/bash
# shrike-test-benign: jupyter container start hook fixing uid and permissions with usermod and chown
set -e
if [ "$(id -u)" = 0 ]; then
  if [ -n "${NB_UID:-}" ] && [ "$NB_UID" != "$(id -u jovyan)" ]; then
    usermod -u "$NB_UID" jovyan
  fi
  chown -R jovyan:users /home/jovyan
  exec sudo -E -H -u jovyan PATH="$PATH" "$@"
fi
exec "$@"
