# purpose: merge multiple JSON config files in order, later files overriding earlier keys (deep merge)
import json
import sys


def merge(a, b):
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(a.get(k), dict):
            merge(a[k], v)
        else:
            a[k] = v
    return a


result = {}
for path in sys.argv[1:]:
    with open(path) as fh:
        merge(result, json.load(fh))
json.dump(result, sys.stdout, indent=2)
