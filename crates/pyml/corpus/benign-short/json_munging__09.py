# purpose: convert a CSV export into a JSON array of objects with numeric fields typed
import csv, json, sys
def coerce(v):
    for t in (int, float):
        try:
            return t(v)
        except ValueError:
            pass
    return v
rows = [{k: coerce(v) for k, v in r.items()} for r in csv.DictReader(open(sys.argv[1], newline=""))]
json.dump(rows, sys.stdout, indent=1)
