# purpose: rotate and gzip application logs larger than a size limit, keeping a fixed number of generations
import gzip
import os
import shutil

LOG_DIR = "/var/log/app"
MAX_BYTES = 50 * 1024 * 1024
KEEP = 5

for name in os.listdir(LOG_DIR):
    if not name.endswith(".log"):
        continue
    path = os.path.join(LOG_DIR, name)
    if os.path.getsize(path) < MAX_BYTES:
        continue
    for i in range(KEEP - 1, 0, -1):
        src = f"{path}.{i}.gz"
        if os.path.exists(src):
            os.replace(src, f"{path}.{i + 1}.gz")
    with open(path, "rb") as fin, gzip.open(f"{path}.1.gz", "wb") as fout:
        shutil.copyfileobj(fin, fout)
    open(path, "w").close()  # truncate in place so the writer keeps its fd
    oldest = f"{path}.{KEEP + 1}.gz"
    if os.path.exists(oldest):
        os.remove(oldest)
    print("rotated", path)
