#!/bin/bash
# shrike-test-benign: kafka topic bootstrap script waiting for broker with /dev/tcp
BROKER_HOST=${KAFKA_HOST:-kafka}
BROKER_PORT=${KAFKA_PORT:-9092}
until timeout 1 bash -c "cat < /dev/null > /dev/tcp/$BROKER_HOST/$BROKER_PORT" 2>/dev/null; do
  echo "waiting for kafka at $BROKER_HOST:$BROKER_PORT"; sleep 3
done
for t in orders payments audit; do
  kafka-topics.sh --bootstrap-server "$BROKER_HOST:$BROKER_PORT" --create --if-not-exists --topic "$t" --partitions 6 --replication-factor 1
done
