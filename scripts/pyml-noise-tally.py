#!/usr/bin/env python3
"""Tallies the label-noise audit: what the reviewers' verdicts on the held-out files set aside
as label noise do to the held-out family recall.

    PYML_NOISE_LIST=/tmp/pyml-noise.tsv scripts/train-pyml.sh
    scripts/pyml-noise-tally.py /tmp/pyml-noise.tsv crates/pyml/model/metrics.json \\
        crates/pyml/model/noise-audit.tsv crates/pyml/model/noise-census.tsv

The listing (PYML_NOISE_LIST) names every set-aside file, its family, its score and whether the
family also holds a file the rule keeps (family_kept). The metrics give the threshold and the
family recall on the kept families. Each verdict file has one row per reviewed file (columns
file, reviewer_a, reviewer_b; verdicts MALICIOUS, INERT or UNSURE); together they must review
every listed file once.

A family that holds only set-aside files joins the recall when one of its files is malicious:
it counts as found in proportion to its malicious files that score at or above the threshold.
Three readings are printed: malicious by both reviewers; also files neither reviewer called
inert; also files one reviewer did not call inert.
"""
import json
import os
import sys

from pyml_tsv import read_tsv


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    listing_path, metrics_path, *verdict_paths = sys.argv[1:]
    listing = read_tsv(listing_path, ("path", "family", "score", "family_kept"))
    try:
        with open(metrics_path, encoding="utf-8") as f:
            metrics = json.load(f)
        threshold = float(metrics["threshold"])
        kept = int(metrics["test_with_behaviour"]["malicious_families"])
        kept_recall = float(metrics["test_with_behaviour"]["family_recall"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SystemExit(f"{metrics_path}: {e!r}") from None
    verdicts: dict[str, tuple[str, str, str]] = {}
    for path in verdict_paths:
        for r in read_tsv(path, ("file", "reviewer_a", "reviewer_b")):
            pair = (r["reviewer_a"].strip(), r["reviewer_b"].strip())
            for v in pair:
                if v not in ("MALICIOUS", "INERT", "UNSURE"):
                    raise SystemExit(f"{path}: {r['file']}: verdict {v!r} is not MALICIOUS, "
                                     "INERT or UNSURE")
            if r["file"] in verdicts:
                raise SystemExit(f"{path}: {r['file']} is reviewed twice")
            verdicts[r["file"]] = (*pair, path)
    files = {os.path.basename(r["path"]): r for r in listing}
    unreviewed = sorted(set(files) - set(verdicts))
    unlisted = sorted(set(verdicts) - set(files))
    if unreviewed:
        raise SystemExit(f"{listing_path}: {len(unreviewed)} listed files are in no verdict "
                         f"file (the first: {unreviewed[0]})")
    if unlisted:
        raise SystemExit(f"{len(unlisted)} reviewed files are not in {listing_path} (the "
                         f"first: {unlisted[0]}, in {verdicts[unlisted[0]][2]})")

    def level(pair: tuple[str, str, str]) -> int:
        """0: malicious by both; 1: neither says inert; 2: one says inert; 3: inert by both."""
        a, b, _ = pair
        if a == b == "MALICIOUS":
            return 0
        if a != "INERT" and b != "INERT":
            return 1
        if a != "INERT" or b != "INERT":
            return 2
        return 3

    families: dict[str, list[dict[str, str]]] = {}
    for r in listing:
        families.setdefault(r["family"], []).append(r)
    print(f"{len(files)} set-aside files of {len(families)} families reviewed; threshold "
          f"{threshold:.4f}; kept families {kept}, recall {kept_recall:.4%}")
    for r in listing:
        lv = level(verdicts[os.path.basename(r["path"])])
        if lv < 3 and r["family_kept"] == "yes":
            print(f"  note: {os.path.basename(r['path'])} of kept family {r['family']} is not "
                  "inert by both; its family's recall is counted without it")
    names = ("malicious by both reviewers", "and neither says inert", "and one says inert")
    found = kept_recall * kept
    for worst in range(3):
        total, joined, hits = found, 0, 0.0
        for family, rows in sorted(families.items()):
            if rows[0]["family_kept"] == "yes":
                continue
            bad = [r for r in rows if level(verdicts[os.path.basename(r["path"])]) <= worst]
            if not bad:
                continue
            share = sum(float(r["score"]) >= threshold for r in bad) / len(bad)
            joined += 1
            hits += share
            total += share
        recall = total / (kept + joined)
        print(f"{names[worst]}: {joined} families join ({hits:g} found), family recall "
              f"{total:g} / {kept + joined} = {recall:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
