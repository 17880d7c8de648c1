# purpose: write a runtime JS config for a static SPA so the same image works in every environment
import json, os
keys = [k for k in os.environ if k.startswith("PUBLIC_")]
cfg = {k[len("PUBLIC_"):].lower(): os.environ[k] for k in sorted(keys)}
with open("/usr/share/nginx/html/env-config.js", "w") as fh:
    fh.write("window.__ENV__ = " + json.dumps(cfg) + ";\n")
print("exposed", len(cfg), "public settings")
