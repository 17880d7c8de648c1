# purpose: read JSON from stdin and print a single dotted field, like a tiny jq for shell scripts
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else ""
value = json.load(sys.stdin)
for part in filter(None, path.split(".")):
    value = value[int(part)] if isinstance(value, list) else value[part]
print(value if isinstance(value, str) else json.dumps(value))
