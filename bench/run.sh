#!/usr/bin/env bash
# Kernel benchmarks: hybridsim (release) beside the minimal C hold loop, in the same run.
# Prints a table and writes it, with the machine description, to bench/results/kernel.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT_BENCH=.build/release/hybridsim-bench
C_BENCH=bench/out/hold_c
HOLDS=${HOLDS:-10000000}
REPEATS=${REPEATS:-5}
mkdir -p bench/results
out=$(mktemp)
{
  echo "# hybridsim kernel benchmarks ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "swift: $(swift --version 2>/dev/null | head -1)"
  echo "cc: $(${CC:-cc} --version | head -1)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  printf '%-28s %16s %16s %8s\n' "benchmark" "hybridsim /s" "C reference /s" "ratio"
  for pending in 1000 100000; do
    c=$($C_BENCH "$pending" "$HOLDS" "$REPEATS" | awk '{print $3}')
    s=$($SWIFT_BENCH hold "$pending" "$HOLDS" "$REPEATS" | awk '{print $3}')
    ratio=$(awk -v s="$s" -v c="$c" 'BEGIN{printf "%.2f", s/c}')
    printf '%-28s %16s %16s %8s\n' "hold, $pending pending (events)" "$s" "$c" "$ratio"
  done
  m=$($SWIFT_BENCH mm1 2000000 "$REPEATS" | awk '{print $3}')
  printf '%-28s %16s %16s %8s\n' "M/M/1 rho=0.9 (customers)" "$m" "-" "-"
  echo
  echo "hold: pop one event, push one at now + Exp(1 us); median of $REPEATS runs of $HOLDS holds."
  echo "target: hybridsim >= 0.80 x the C loop."
} | tee "$out"
mv "$out" bench/results/kernel.txt
