#!/usr/bin/env python3
"""Draws the label-noise audit sample: one held-out file set aside as label noise from each of
50 families chosen at random (seeded), copied as .txt files for reviewers to read as text.

    PYML_NOISE_LIST=/tmp/pyml-noise.tsv scripts/train-pyml.sh
    scripts/pyml-noise-sample.py /tmp/pyml-noise.tsv OUT_DIR
    scripts/pyml-noise-sample.py --census /tmp/pyml-noise.tsv OUT_DIR

writes OUT_DIR/01.txt, 02.txt, ... and OUT_DIR/key.tsv (n, path, family, why, score).
With --census it writes every listed file instead, except the sample's (the files the sample
draws), as c001.txt, c002.txt, ... in a shuffled (seeded) order, so that the sample and the
census together review every set-aside file once. The
training run also rewrites the committed model and metrics (identically, from the same data);
give PYML_NOISE_LIST an absolute path, since train-pyml.sh runs from the repository root. The
files are malware: they are data, never executed or imported, never committed. docs/pyml-model.md
("Auditing the label-noise rule") has the procedure and the verdicts.
"""
import os
import random
import sys

from pyml_tsv import read_tsv

SEED = 20261203
FAMILIES = 50


def main() -> int:
    args = sys.argv[1:]
    census = args[:1] == ["--census"]
    if census:
        args = args[1:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    listing, out = args
    rows = read_tsv(listing, ("path", "family", "why", "score"))
    by_family: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_family.setdefault(r["family"], []).append(r)
    rnd = random.Random(SEED)
    families = sorted(by_family)
    rnd.shuffle(families)
    sample = [(family, rnd.choice(by_family[family])) for family in families[:FAMILIES]]
    if census:
        drawn = {r["path"] for _, r in sample}
        picked = [(r["family"], r) for r in rows if r["path"] not in drawn]
        random.Random(SEED + 1).shuffle(picked)
        names = [f"c{n:03d}" for n in range(1, len(picked) + 1)]
    else:
        picked = sample
        names = [f"{n:02d}" for n in range(1, len(picked) + 1)]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "key.tsv"), "w", encoding="utf-8") as key:
        key.write("n\tpath\tfamily\twhy\tscore\n")
        for name, (family, r) in zip(names, picked):
            try:
                with open(r["path"], "rb") as f:
                    text = f.read().decode("utf-8", "replace")
            except OSError as e:
                print(f"{listing}: {r['path']}: {e}", file=sys.stderr)
                return 1
            with open(os.path.join(out, f"{name}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
            key.write(f"{name}\t{r['path']}\t{family}\t{r['why']}\t{r['score']}\n")
    if census:
        print(f"{len(picked)} files of {len(families)} families (all but the sample's) -> {out}")
    else:
        print(f"{len(picked)} files of {len(families)} families -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
