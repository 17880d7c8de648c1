#!/bin/bash
# shrike-test-attack: defense-evasion: wipe shell history and disable history for the session
unset HISTFILE HISTSIZE HISTFILESIZE; export HISTFILE=/dev/null
history -c; history -w
rm -f ~/.bash_history /root/.bash_history /home/*/.bash_history
ln -sf /dev/null ~/.bash_history
