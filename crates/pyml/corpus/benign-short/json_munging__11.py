# purpose: filter a JSON array of events on stdin to those at or above a given severity and emit NDJSON
import json, sys
LEVELS = {"debug": 10, "info": 20, "warning": 30, "error": 40, "critical": 50}
floor = LEVELS[sys.argv[1] if len(sys.argv) > 1 else "warning"]
for ev in json.load(sys.stdin):
    if LEVELS.get(str(ev.get("level", "info")).lower(), 0) >= floor:
        sys.stdout.write(json.dumps(ev, separators=(",", ":")) + "\n")
