#!/bin/sh
# shrike-test-benign: mongo init script creating an application user
set -e
mongosh --quiet -u "$MONGO_INITDB_ROOT_USERNAME" -p "$MONGO_INITDB_ROOT_PASSWORD" admin <<EOJS
db.getSiblingDB("$APP_DB").createUser({user: "$APP_USER", pwd: "$APP_PASSWORD", roles: [{role: "readWrite", db: "$APP_DB"}]})
EOJS
