# purpose: flatten a nested JSON object into KEY=value lines suitable for an env file
import json, sys
def flat(obj, prefix=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from flat(v, f"{prefix}{k.upper()}_")
    else:
        yield prefix.rstrip("_"), obj
for k, v in flat(json.load(sys.stdin)):
    print(f"{k}={v}")
