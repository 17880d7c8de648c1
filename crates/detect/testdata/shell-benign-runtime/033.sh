#!/bin/bash
# shrike-test-benign: EC2 instance metadata lookup for region and instance id in a CloudWatch agent wrapper
set -euo pipefail
TOKEN=$(curl -sS -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 60")
REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)
IID=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
sed -e "s/__REGION__/$REGION/" -e "s/__INSTANCE__/$IID/" /etc/cwagent/config.tmpl > /etc/cwagent/config.json
exec /opt/aws/amazon-cloudwatch-agent/bin/start-amazon-cloudwatch-agent
