#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, docs, every test, and a short run of
# every fuzz target. Run from anywhere; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

echo "== data for the malicious-Python model's held-out test"
SHRIKE_PYML_DATA="$(scripts/pyml-data.sh)"
export SHRIKE_PYML_DATA

echo "== benign shell scripts for the shell-script scoring method's held-out test"
scripts/fetch-shell-benign.sh target/shell-benign >/dev/null
export SHRIKE_SHELL_BENIGN="$PWD/target/shell-benign"

echo "== cargo test"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
cargo test --workspace --locked 2>&1 | tee "$results"

echo "== fuzz every parser of untrusted input (short run; see docs/fuzzing.md)"
scripts/fuzz.sh "${SHRIKE_FUZZ_SECONDS:-20}"

# One closing line for the whole suite (cargo prints one per test binary, the last often a
# doc-test binary with nothing in it).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$results"
