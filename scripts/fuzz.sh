#!/usr/bin/env bash
# Runs cargo-fuzz targets under fuzz/ on the stable toolchain, each for a fixed time or a fixed
# number of executions.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 30 s each, every target)
#   scripts/fuzz.sh --runs N [TARGET...]                 (N executions each: libFuzzer -runs=N)
#
# Each target starts from fuzz/corpus/<target>/ (the committed seed-* files plus whatever earlier
# runs added there, which git ignores). A crash leaves its input under fuzz/artifacts/<target>/;
# the script goes on with the other targets and exits non-zero at the end.
# FUZZ_SANITIZER=address (nightly toolchain only) swaps the stable default `none`.
# See docs/fuzzing.md.
set -euo pipefail

usage() {
    echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]   (default 30 s, every target)"
    echo "       $0 --runs N [TARGET...]               (N executions per target)"
}

bad_usage() {
    usage >&2
    exit 2
}

seconds=30
runs=
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage
    exit 0
elif [[ ${1:-} == --runs ]]; then
    [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || bad_usage
    runs=$2
    shift 2
elif [[ ${1:-} =~ ^[0-9]+$ ]]; then
    [[ $1 =~ ^[1-9][0-9]*$ ]] || bad_usage
    seconds=$1
    shift
fi
for arg in "$@"; do
    [[ $arg =~ ^[a-z0-9_]+$ ]] || bad_usage
done
sanitizer=${FUZZ_SANITIZER:-none}
if [[ -n $runs ]]; then
    limit=(-runs="$runs")
    what="$runs runs"
else
    limit=(-max_total_time="$seconds")
    what="${seconds}s"
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

mapfile -t known < <(cargo fuzz list)
if [[ ${#known[@]} -eq 0 ]]; then
    echo "no fuzz targets found under fuzz/" >&2
    exit 1
fi
if [[ $# -gt 0 ]]; then
    for target in "$@"; do
        if ! printf '%s\n' "${known[@]}" | grep -qx -- "$target"; then
            echo "no fuzz target $target (there are: ${known[*]})" >&2
            exit 2
        fi
    done
    targets=("$@")
else
    targets=("${known[@]}")
fi

echo "==> building ${targets[*]} (sanitizer: $sanitizer)" >&2
if [[ $# -gt 0 ]]; then
    for target in "${targets[@]}"; do
        cargo fuzz build --sanitizer "$sanitizer" "$target"
    done
else
    cargo fuzz build --sanitizer "$sanitizer"
fi

logs=fuzz/target/logs
mkdir -p "$logs"
failed=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    log="$logs/$target.log"
    echo "==> $target for $what (log: $log)" >&2
    start=$SECONDS
    if ! cargo fuzz run "$target" --sanitizer "$sanitizer" -- \
        "${limit[@]}" -print_final_stats=1 >"$log" 2>&1; then
        failed+=("$target")
        tail -n 40 "$log" >&2
    fi
    # First and last status lines: coverage, features, corpus size, executions per second.
    grep -E '^#[0-9]+[[:space:]]+INITED' "$log" | head -n 1 >&2 || true
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 >&2 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$log" >&2 || true
    echo "duration: $((SECONDS - start))s" >&2
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "==> FAILED: ${failed[*]}; crashing inputs are under fuzz/artifacts/" >&2
    exit 1
fi
echo "==> all ${#targets[@]} targets ran $what each without a crash" >&2
