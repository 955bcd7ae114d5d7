#!/usr/bin/env bash
# Benchmarks: hybridsim (release) beside minimal C references, in the same run.
# Prints tables and writes them, with the machine description, to bench/results/kernel.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT_BENCH=.build/release/hybridsim-bench
HOLDS=${HOLDS:-10000000}
REPEATS=${REPEATS:-5}
TANDEM=${TANDEM:-1000000}
mkdir -p bench/results
out=$(mktemp)
source bench/common.sh
{
  echo "# hybridsim benchmarks ($(date -u +%Y-%m-%dT%H:%MZ))"
  describe_machine
  echo "swift: $(swift --version 2>/dev/null | head -1)"
  echo "cc: $(${CC:-cc} --version | head -1)"
  echo
  echo "## Event scheduler: hold model (pop one event, push one at now + Exp(1 us))"
  printf '%-30s %16s %16s %8s\n' "benchmark" "hybridsim /s" "C reference /s" "ratio"
  for pending in 1000 100000; do
    c=$(bench/out/hold_c "$pending" "$HOLDS" "$REPEATS" | awk '{print $3}')
    s=$($SWIFT_BENCH hold "$pending" "$HOLDS" "$REPEATS" | awk '{print $3}')
    printf '%-30s %16s %16s %8s\n' "hold, $pending pending (events)" "$s" "$c" "$(awk -v s="$s" -v c="$c" 'BEGIN{printf "%.2f", s/c}')"
  done
  m=$($SWIFT_BENCH mm1 2000000 "$REPEATS" | awk '{print $3}')
  printf '%-30s %16s %16s %8s\n' "M/M/1 rho=0.9 (customers)" "$m" "-" "-"
  echo "median of $REPEATS runs of $HOLDS holds; target: hybridsim >= 0.80 x the C loop."
  echo
  echo "## tandem-5: 5 x 1 Gbit/s links, 10 us, 1,500 B, Poisson rho = 0.8 (analytic mean delay 134 us)"
  declare -A wall delay mem
  for run in $(seq "$REPEATS"); do
    line=$(tandem_line $SWIFT_BENCH tandem "$TANDEM"); read -r _ _ w d m _ <<<"$line"; wall[s]+="$w "; delay[s]=$d; mem[s]=$m
    line=$(tandem_line bench/out/tandem_c "$TANDEM" events); read -r _ _ w d m _ <<<"$line"; wall[ce]+="$w "; delay[ce]=$d; mem[ce]=$m
    line=$(tandem_line bench/out/tandem_c "$TANDEM" fifo); read -r _ _ w d m _ <<<"$line"; wall[cf]+="$w "; delay[cf]=$d; mem[cf]=$m
  done
  printf '%-44s %10s %16s %14s %12s %10s\n' "implementation ($TANDEM packets)" "wall s" "packet-hops/s" "mean delay us" "peak KiB" "hybridsim"
  sw=$(echo "${wall[s]}" | tr ' ' '\n' | grep . | median)
  for k in s ce cf; do
    case $k in s) name="hybridsim (1 event per hop)";; ce) name="C, 2 events per hop (tx done + arrival)";; cf) name="C, 1 event per hop (same algorithm)";; esac
    w=$(echo "${wall[$k]}" | tr ' ' '\n' | grep . | median)
    rate=$(awk -v n="$TANDEM" -v w="$w" 'BEGIN{printf "%.0f", n*5/w}')
    ratio=$(awk -v a="$w" -v b="$sw" 'BEGIN{printf "%.2f", a/b}')
    printf '%-44s %10s %16s %14s %12s %10s\n' "$name" "$w" "$rate" "${delay[$k]}" "${mem[$k]}" "$ratio"
  done
  line=$(tandem_line $SWIFT_BENCH tandem $((TANDEM * 10))); read -r _ _ w d m _ <<<"$line"
  printf '%-44s %10s %16s %14s %12s %10s\n' "hybridsim, $((TANDEM * 10)) packets" "$w" "$(awk -v n="$((TANDEM * 10))" -v w="$w" 'BEGIN{printf "%.0f", n*5/w}')" "$d" "$m" "-"
  echo "median wall of $REPEATS runs; 'hybridsim' column = hybridsim's speed relative to that row (target >= 0.50 of the C loop);"
  echo "delay must be 134 us within 1 %; peak memory must not grow with the packet count."
  echo
  echo "## Studies: the default study, and a 48-point sweep on 1 and 2 cores"
  t0=$(date +%s.%N); line=$(.build/release/hybridsim run scenarios/default.yaml | tail -1); t1=$(date +%s.%N)
  events=$(echo "$line" | awk '{print $5}')
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
  printf 'default study: %s s wall, %s events, %s events/s (target: under 10 s)\n' "$wall" "$events" "$(awk -v e="$events" -v w="$wall" 'BEGIN{printf "%.0f", e/w}')"
  for j in 1 2; do
    t0=$(date +%s.%N); .build/release/hybridsim sweep bench/sweep-scaling.yaml --jobs $j >/dev/null 2>&1; t1=$(date +%s.%N)
    eval "sweep$j=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')"
  done
  printf 'sweep of 48 points: --jobs 1 %s s, --jobs 2 %s s, speed-up %s (target: at least 1.8)\n' "$sweep1" "$sweep2" "$(awk -v a="$sweep1" -v b="$sweep2" 'BEGIN{printf "%.2f", a/b}')"
} | tee "$out"
mv "$out" bench/results/kernel.txt
