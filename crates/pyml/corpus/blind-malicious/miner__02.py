import socket, json, hashlib, struct, binascii, time

POOL = ("stratum.example.net", 3333)
USER = "bc1qPLACEHOLDERWALLETADDRESSxxxxxxxxxxxx.worker1"

s = socket.create_connection(POOL)
f = s.makefile("r")

def send(i, method, params):
    s.sendall((json.dumps({"id": i, "method": method, "params": params}) + "\n").encode())

send(1, "mining.subscribe", ["cpuminer/2.5.1"])
sub = json.loads(f.readline())["result"]
extranonce1, en2_size = sub[1], sub[2]
send(2, "mining.authorize", [USER, "x"])

while True:
    msg = json.loads(f.readline())
    if msg.get("method") != "mining.notify":
        continue
    job_id, prevhash, cb1, cb2, branch, ver, nbits, ntime, clean = msg["params"]
    en2 = "00" * en2_size
    cb = binascii.unhexlify(cb1 + extranonce1 + en2 + cb2)
    root = hashlib.sha256(hashlib.sha256(cb).digest()).digest()
    for h in branch:
        root = hashlib.sha256(hashlib.sha256(root + binascii.unhexlify(h)).digest()).digest()
    header = binascii.unhexlify(ver + prevhash) + root + binascii.unhexlify(ntime + nbits)
    for nonce in range(0, 0xFFFFFFFF):
        h = hashlib.sha256(hashlib.sha256(header + struct.pack("<I", nonce)).digest()).digest()
        if h[::-1][:4] == b"\x00\x00\x00\x00":
            send(4, "mining.submit", [USER, job_id, en2, ntime, "%08x" % nonce])
            break
    time.sleep(0)
