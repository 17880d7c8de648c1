#!/usr/bin/env bash
# Sensor overhead: N fork+exec of /bin/true (bench/spawn.c) with no sensor, under `shrike watch`,
# and under a bare bpftrace exec tracer (the reference), interleaved round by round so drift on
# the machine hits every mode alike. Prints the median time of each mode, its ratio to no sensor,
# and what shrike reported lost. Needs root. Usage: scripts/bench-overhead.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
ROUNDS=${2:-3}
[ "$(id -u)" -eq 0 ] || { echo "bench-overhead: needs root (it loads eBPF programs)" >&2; exit 2; }
command -v bpftrace >/dev/null || { echo "bench-overhead: needs bpftrace (apt-get install bpftrace)" >&2; exit 2; }

# bpftrace's tracepoints need tracefs (Shrike itself uses raw tracepoints and does not).
if [ ! -e /sys/kernel/tracing/events ]; then
  mount -t tracefs nodev /sys/kernel/tracing
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/spawn" bench/spawn.c
cargo build --release --locked -q -p shrike
shrike=target/release/shrike

run_none() { "$work/spawn" "$N"; }

run_shrike() {
  "$shrike" watch --no-console --sink "jsonl:$work/findings.jsonl" 2>"$work/shrike.err" &
  local pid=$!
  until grep -q "sensor attached" "$work/shrike.err" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "shrike watch failed:" >&2; cat "$work/shrike.err" >&2; exit 1; }
    sleep 0.1
  done
  sleep 1
  "$work/spawn" "$N"
  sleep 1
  kill -TERM "$pid"; wait "$pid"
  grep "shrike: stopped" "$work/shrike.err" | sed 's/^/    /' >&2
}

run_bpftrace() {
  bpftrace -e 'tracepoint:sched:sched_process_exec { @[comm] = count(); }' >"$work/bt.out" 2>&1 &
  local pid=$!
  until grep -q "Attaching" "$work/bt.out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "bpftrace failed:" >&2; cat "$work/bt.out" >&2; exit 1; }
    sleep 0.1
  done
  sleep 1
  "$work/spawn" "$N"
  kill -INT "$pid"; wait "$pid" || true
}

declare -A times
for r in $(seq 1 "$ROUNDS"); do
  for mode in none shrike bpftrace; do
    t=$("run_$mode")
    echo "round $r $mode: ${t}s" >&2
    times[$mode]+="$t "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${times[none]}" | median)
echo "fork+exec of /bin/true x $N, median of $ROUNDS interleaved rounds:"
for mode in none shrike bpftrace; do
  m=$(echo "${times[$mode]}" | median)
  awk -v m="$m" -v b="$base" -v n="$N" -v mode="$mode" 'BEGIN { printf "  %-9s %8.3f s  %8.0f exec/s  %.3fx no sensor (%+.1f%%)\n", mode, m, n/m, m/b, (m/b-1)*100 }'
done
