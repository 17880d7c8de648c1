# purpose: notebook-style runner that executes a local analysis script cell by cell (# %% markers) and reports timing
import sys
import time

path = sys.argv[1]
source = open(path).read()
cells = [c for c in source.split("# %%") if c.strip()]
ns = {"__name__": "__main__"}
for i, cell in enumerate(cells, 1):
    t = time.perf_counter()
    exec(compile(cell, f"{path}:cell{i}", "exec"), ns)
    print(f"cell {i}: {time.perf_counter() - t:.2f}s", file=sys.stderr)
