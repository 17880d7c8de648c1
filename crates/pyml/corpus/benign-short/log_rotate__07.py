# purpose: enforce a total size budget for a log directory by deleting the oldest rotated files first
import os
BUDGET = 2 * 1024 ** 3
d = "/data/logs"
files = sorted((os.path.join(d, f) for f in os.listdir(d) if f.endswith((".gz", ".zst"))), key=os.path.getmtime)
total = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
while total > BUDGET and files:
    victim = files.pop(0)
    total -= os.path.getsize(victim)
    os.remove(victim)
    print("pruned", victim)
