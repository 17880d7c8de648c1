# purpose: block until a file produced by another init container appears (e.g. a rendered config)
import os, sys, time
path, limit = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120
start = time.time()
while not os.path.exists(path):
    if time.time() - start > limit:
        sys.exit(f"{path} did not appear within {limit}s")
    time.sleep(1)
print("found", path)
