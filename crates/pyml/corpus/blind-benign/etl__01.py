#!/usr/bin/env python3
# Convert the nightly orders CSV export into per-customer JSON totals.
import csv
import json
import sys
from collections import defaultdict
from decimal import Decimal

src = sys.argv[1] if len(sys.argv) > 1 else "/data/in/orders.csv"
dst = sys.argv[2] if len(sys.argv) > 2 else "/data/out/customer_totals.json"

totals = defaultdict(lambda: {"orders": 0, "revenue": Decimal("0"), "skus": set()})
bad = 0
with open(src, newline="", encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        try:
            t = totals[row["customer_id"]]
            t["orders"] += 1
            t["revenue"] += Decimal(row["quantity"]) * Decimal(row["unit_price"])
            t["skus"].add(row["sku"])
        except (KeyError, ArithmeticError):
            bad += 1

out = {
    cid: {"orders": t["orders"], "revenue": str(t["revenue"].quantize(Decimal("0.01"))),
          "distinct_skus": len(t["skus"])}
    for cid, t in sorted(totals.items())
}
with open(dst, "w") as fh:
    json.dump(out, fh, indent=2)
print(f"{len(out)} customers written to {dst}, {bad} malformed rows skipped")
