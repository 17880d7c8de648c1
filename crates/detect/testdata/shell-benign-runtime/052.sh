#!/bin/bash
# shrike-test-benign: wrapper that evals a tool's generated shell env (ssh-agent, direnv style)
eval "$(ssh-agent -s)" >/dev/null
ssh-add -q /run/secrets/ci_key
eval "$(direnv export bash 2>/dev/null)" || true
git fetch --prune origin
kill "$SSH_AGENT_PID"
