#!/bin/bash
# shrike-test-benign: rabbitmq readiness probe using rabbitmq-diagnostics
set -e
rabbitmq-diagnostics -q ping
rabbitmq-diagnostics -q check_running
rabbitmq-diagnostics -q check_local_alarms
