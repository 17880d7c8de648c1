# technique: pure-python stratum client that logs in to a mining pool and submits dummy shares (pool protocol over raw socket)
import json, socket, hashlib, struct, time
s = socket.create_connection(("pool.example.net", 3333))
f = s.makefile("rw")
def send(obj):
    f.write(json.dumps(obj) + "\n"); f.flush()
send({"id": 1, "method": "login", "params": {"login": "43placeholderwallet", "pass": "x", "agent": "pyminer/0.1"}})
job = json.loads(f.readline())["result"]["job"]
nonce = 0
while True:
    blob = bytes.fromhex(job["blob"])
    h = hashlib.sha256(blob[:39] + struct.pack("<I", nonce) + blob[43:]).hexdigest()
    if h.endswith("0000"):
        send({"id": 2, "method": "submit", "params": {"id": job.get("id"), "job_id": job["job_id"], "nonce": struct.pack("<I", nonce).hex(), "result": h}})
    nonce = (nonce + 1) & 0xffffffff
    if nonce % 100000 == 0:
        time.sleep(0.01)
