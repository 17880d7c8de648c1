# purpose: convert newline-delimited JSON logs to CSV with selected columns
import csv, json, sys
cols = ["ts", "level", "logger", "msg"]
w = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore")
w.writeheader()
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        w.writerow(json.loads(line))
    except json.JSONDecodeError:
        continue
