#!/bin/bash
# shrike-test-benign: install the AWS CLI v2 at build time from the official zip
set -eux
curl -fsSL "https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip" -o /tmp/awscliv2.zip
unzip -q /tmp/awscliv2.zip -d /tmp
/tmp/aws/install --bin-dir /usr/local/bin --install-dir /usr/local/aws-cli
rm -rf /tmp/aws /tmp/awscliv2.zip
aws --version
