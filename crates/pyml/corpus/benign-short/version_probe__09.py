# purpose: compare installed package versions against a pinned requirements lock and print mismatches
import re
import sys
from importlib import metadata

mismatches = 0
with open("requirements.lock") as fh:
    for line in fh:
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if not m:
            continue
        name, pinned = m.groups()
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have != pinned:
            mismatches += 1
            print(f"{name}: pinned {pinned}, installed {have}")
sys.exit(1 if mismatches else 0)
