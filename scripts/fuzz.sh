#!/usr/bin/env bash
# Runs every cargo-fuzz target under fuzz/ for a fixed time on the stable toolchain.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 30)
#
# Each target starts from fuzz/corpus/<target>/ (the committed seed-* files plus whatever earlier
# runs added there, which git ignores). A crash leaves its input under fuzz/artifacts/<target>/;
# the script goes on with the other targets and exits non-zero at the end.
# FUZZ_SANITIZER=address (nightly toolchain only) swaps the stable default `none`.
# See docs/fuzzing.md.
set -euo pipefail

usage() {
    echo "usage: $0 [SECONDS_PER_TARGET]" >&2
    exit 2
}

[[ $# -le 1 ]] || usage
seconds=${1:-30}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || usage
sanitizer=${FUZZ_SANITIZER:-none}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

mapfile -t targets < <(cargo fuzz list)
if [[ ${#targets[@]} -eq 0 ]]; then
    echo "no fuzz targets found under fuzz/" >&2
    exit 1
fi

echo "==> building ${targets[*]} (sanitizer: $sanitizer)" >&2
cargo fuzz build --sanitizer "$sanitizer"

logs=fuzz/target/logs
mkdir -p "$logs"
failed=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    log="$logs/$target.log"
    echo "==> $target for ${seconds}s (log: $log)" >&2
    if ! cargo fuzz run "$target" --sanitizer "$sanitizer" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        failed+=("$target")
        tail -n 40 "$log" >&2
    fi
    # First and last status lines: coverage, features, corpus size, executions per second.
    grep -E '^#[0-9]+[[:space:]]+INITED' "$log" | head -n 1 >&2 || true
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 >&2 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$log" >&2 || true
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "==> FAILED: ${failed[*]}; crashing inputs are under fuzz/artifacts/" >&2
    exit 1
fi
echo "==> all ${#targets[@]} targets ran ${seconds}s without a crash" >&2
