#!/bin/bash
# shrike-test-benign: bash completion and prompt setup for an interactive dev container
if [ -f /usr/share/bash-completion/bash_completion ]; then
  . /usr/share/bash-completion/bash_completion
fi
source <(kubectl completion bash)
alias k=kubectl
complete -o default -F __start_kubectl k
export HISTCONTROL=ignoreboth
export HISTSIZE=10000
PS1='\[\e[32m\]\u@devbox\[\e[0m\]:\w\$ '
