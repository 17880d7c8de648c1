#!/usr/bin/env bash
# Rebuilds the malicious-Python model from the data: prepares it (scripts/pyml-data.sh), trains
# with crates/pyml/src/bin/pyml-train.rs, and writes
#   crates/pyml/model/shrike-pyml.model   the model, embedded in the shrike binary
#   crates/pyml/model/metrics.json        held-out metrics, checked by crates/pyml/tests/heldout.rs
#   target/pyml-report.md                 the tables docs/pyml-model.md quotes
# Deterministic: the same data gives the same model. See docs/pyml-model.md.
#
# Usage: scripts/train-pyml.sh [--evaluate MODEL]
#   --evaluate MODEL fits nothing: it writes the metrics and the report for MODEL as it is, under
#   the current features (for a feature change the committed model is kept through).
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(scripts/pyml-data.sh)"
cargo run --release -q -p shrike-pyml --bin pyml-train -- \
    --malicious "$data/malicious" \
    --stdlib /usr/lib/python3.11 \
    --pypi "$data/benign/src" \
    --corpus crates/pyml/corpus \
    --out crates/pyml/model/shrike-pyml.model \
    --metrics crates/pyml/model/metrics.json \
    --report target/pyml-report.md \
    "$@"
echo "model: crates/pyml/model/shrike-pyml.model; report: target/pyml-report.md"
