#!/usr/bin/env python3
"""Draws the label-noise audit sample: one held-out file set aside as label noise from each of
50 families chosen at random (seeded), copied as .txt files for reviewers to read as text.

    PYML_NOISE_LIST=/tmp/pyml-noise.tsv scripts/train-pyml.sh
    scripts/pyml-noise-sample.py /tmp/pyml-noise.tsv OUT_DIR

writes OUT_DIR/01.txt, 02.txt, ... and OUT_DIR/key.tsv (n, path, family, why, score). The
training run also rewrites the committed model and metrics (identically, from the same data);
give PYML_NOISE_LIST an absolute path, since train-pyml.sh runs from the repository root. The
files are malware: they are data, never executed or imported, never committed. docs/pyml-model.md
("Auditing the label-noise rule") has the procedure and the verdicts.
"""
import csv
import os
import random
import sys

SEED = 20261203
FAMILIES = 50


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    listing, out = sys.argv[1], sys.argv[2]
    columns = ("path", "family", "why", "score")
    try:
        with open(listing, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f, delimiter="\t")
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                print(f"{listing}:1: no column {', '.join(missing)} (the header of a "
                      f"PYML_NOISE_LIST file is: {' '.join(columns)})", file=sys.stderr)
                return 1
            rows = []
            for r in reader:
                if any(r.get(c) is None for c in columns):
                    print(f"{listing}:{reader.line_num}: fewer than {len(columns)} "
                          "tab-separated fields", file=sys.stderr)
                    return 1
                rows.append(r)
    except (OSError, UnicodeDecodeError) as e:
        print(f"{listing}: {e}", file=sys.stderr)
        return 1
    by_family: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_family.setdefault(r["family"], []).append(r)
    rnd = random.Random(SEED)
    families = sorted(by_family)
    rnd.shuffle(families)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "key.tsv"), "w", encoding="utf-8") as key:
        key.write("n\tpath\tfamily\twhy\tscore\n")
        for n, family in enumerate(families[:FAMILIES], 1):
            r = rnd.choice(by_family[family])
            try:
                with open(r["path"], "rb") as f:
                    text = f.read().decode("utf-8", "replace")
            except OSError as e:
                print(f"{listing}: {r['path']}: {e}", file=sys.stderr)
                return 1
            with open(os.path.join(out, f"{n:02d}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
            key.write(f"{n:02d}\t{r['path']}\t{family}\t{r['why']}\t{r['score']}\n")
    print(f"{min(FAMILIES, len(families))} files of {len(families)} families -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
