# purpose: diff two JSON documents and print changed key paths for a config drift report
import json
import sys


def walk(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if k not in a:
                print(f"+ {p} = {json.dumps(b[k])}")
            elif k not in b:
                print(f"- {p}")
            else:
                walk(a[k], b[k], p)
    elif a != b:
        print(f"~ {path}: {json.dumps(a)} -> {json.dumps(b)}")


with open(sys.argv[1]) as f1, open(sys.argv[2]) as f2:
    walk(json.load(f1), json.load(f2))
