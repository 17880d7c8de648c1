#!/bin/bash
# shrike-test-benign: rotate a database password from Vault and write it to a tmpfs file
set -euo pipefail
VAULT_ADDR=${VAULT_ADDR:-https://vault.internal.example.com:8200}
JWT=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)
VAULT_TOKEN=$(curl -fsS --request POST --data "{\"jwt\": \"$JWT\", \"role\": \"app\"}" "$VAULT_ADDR/v1/auth/kubernetes/login" | jq -r .auth.client_token)
curl -fsS -H "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/database/creds/app" | jq -r '.data | "DB_USER=\(.username)\nDB_PASS=\(.password)"' > /run/secrets-tmpfs/db.env
chmod 0400 /run/secrets-tmpfs/db.env
