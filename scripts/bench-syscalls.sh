#!/usr/bin/env bash
# System-call overhead of the library-load hook: N getppid(2) calls (bench/syscalls.c) with no
# sensor, under `shrike watch --no-library-events` (exec/fork/exit only), and under `shrike
# watch` (which also hooks every system call's exit to see mmap), interleaved round by round.
# Prints the median time of each mode, ns per system call, and the ratio to no sensor.
# Needs root. Usage: scripts/bench-syscalls.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
ROUNDS=${2:-5}
[ "$(id -u)" -eq 0 ] || { echo "bench-syscalls: needs root (it loads eBPF programs)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/syscalls" bench/syscalls.c
cargo build --release --locked -q -p shrike
shrike=target/release/shrike

under_shrike() {
  "$shrike" watch --no-console --data-dir "$work" --sink "jsonl:$work/findings.jsonl" "$@" 2>"$work/shrike.err" &
  local pid=$!
  until grep -q "sensor attached" "$work/shrike.err" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "shrike watch failed:" >&2; cat "$work/shrike.err" >&2; exit 1; }
    sleep 0.1
  done
  sleep 1
  "$work/syscalls" "$N"
  kill -TERM "$pid"; wait "$pid"
}

run_none() { "$work/syscalls" "$N"; }
run_exec_only() { under_shrike --no-library-events; }
run_libraries() { under_shrike; }

declare -A times
modes="none exec_only libraries"
for r in $(seq 1 "$ROUNDS"); do
  for mode in $modes; do
    t=$("run_$mode")
    echo "round $r $mode: ${t}s" >&2
    times[$mode]+="$t "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${times[none]}" | median)
echo "getppid(2) x $N, median of $ROUNDS interleaved rounds:"
for mode in $modes; do
  m=$(echo "${times[$mode]}" | median)
  awk -v m="$m" -v b="$base" -v n="$N" -v mode="$mode" 'BEGIN { printf "  %-10s %8.4f s  %6.1f ns/syscall  %.3fx no sensor (%+.1f ns)\n", mode, m, m/n*1e9, m/b, (m-b)/n*1e9 }'
done
