# purpose: pretty-print and validate package.json, failing with a helpful message on syntax errors
import json, sys
try:
    doc = json.load(open("package.json"))
except json.JSONDecodeError as e:
    sys.exit(f"package.json: line {e.lineno} col {e.colno}: {e.msg}")
print(json.dumps({"name": doc.get("name"), "version": doc.get("version"), "scripts": sorted(doc.get("scripts", {}))}, indent=2))
