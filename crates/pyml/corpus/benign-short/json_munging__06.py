# purpose: summarize a terraform plan JSON: count resources to create/update/delete
import json
import sys
from collections import Counter

plan = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "plan.json"))
counts = Counter()
for rc in plan.get("resource_changes", []):
    actions = tuple(rc["change"]["actions"])
    if actions == ("no-op",):
        continue
    counts["replace" if set(actions) == {"create", "delete"} else actions[0]] += 1
print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no changes")
