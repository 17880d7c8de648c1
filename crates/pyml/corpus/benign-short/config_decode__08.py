# purpose: load a base64 JSON feature-flag document from an env var at startup and validate its schema
import base64
import json
import os
import sys

REQUIRED = {"flags", "version"}
raw = os.environ.get("FEATURE_FLAGS_B64", "")
if not raw:
    doc = {"version": 0, "flags": {}}
else:
    try:
        doc = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (ValueError, json.JSONDecodeError) as e:
        sys.exit(f"FEATURE_FLAGS_B64 invalid: {e}")
missing = REQUIRED - doc.keys()
if missing:
    sys.exit(f"feature flags missing keys: {missing}")
with open("/app/flags.json", "w") as fh:
    json.dump(doc, fh)
print("flags version", doc["version"], "enabled:", [k for k, v in doc["flags"].items() if v])
