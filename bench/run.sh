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
  /usr/bin/time -f "%e %M" -o bench/out/resilience.time .build/release/hybridsim resilience scenarios/reference.yaml --jobs 2 >/dev/null 2>bench/out/resilience.err
  read -r rwall rmem < bench/out/resilience.time
  printf 'resilience of the reference estate (every single failure x 4 options, --jobs 2): %s s wall, peak %s KiB; %s (target: under 60 s)\n' \
    "$rwall" "$rmem" "$(sed -e 's/^hybridsim resilience: //' bench/out/resilience.err | tail -1)"
  echo
  echo "## Estate scale: bench/scale-estate.yaml (32 hosts, 200 IKS workers on 8 subnets, 50 workloads, 2,000 replicas, 20 flows)"
  /usr/bin/time -f "%e %M" -o bench/out/show.time .build/release/hybridsim show bench/scale-estate.yaml --format csv > bench/out/scale-show.csv
  read -r cwall cmem < bench/out/show.time
  printf 'compile (decode + compile + show as CSV): %s s wall, peak %s KiB, %s devices, %s links (target: under 2 s)\n' \
    "$cwall" "$cmem" "$(grep -c '^device,' bench/out/scale-show.csv)" "$(grep -c '^link,' bench/out/scale-show.csv)"
  for variant in scale-estate scale-estate-new-connections; do
    scale_rates=""; default_rates=""
    for run in $(seq 3); do
      /usr/bin/time -f "%e %M" -o bench/out/scale.time .build/release/hybridsim run bench/$variant.yaml --jobs 1 > bench/out/scale-run.txt
      scale_events=$(tail -1 bench/out/scale-run.txt | awk '{print $5}'); read -r sw smem < bench/out/scale.time
      scale_rates+="$(awk -v e="$scale_events" -v w="$sw" 'BEGIN{printf "%.0f", e/w}') "
      t0=$(date +%s.%N); dline=$(.build/release/hybridsim run scenarios/default.yaml --jobs 1 | tail -1); t1=$(date +%s.%N)
      default_rates+="$(awk -v e="$(echo "$dline" | awk '{print $5}')" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", e/(b-a)}') "
    done
    sr=$(echo "$scale_rates" | tr ' ' '\n' | grep . | median); dr=$(echo "$default_rates" | tr ' ' '\n' | grep . | median)
    printf '%s (--jobs 1, median of 3): %s events/s, default study %s events/s, ratio %s (target: at least 0.70); peak %s KiB\n' \
      "$variant" "$sr" "$dr" "$(awk -v a="$sr" -v b="$dr" 'BEGIN{printf "%.2f", a/b}')" "$smem"
  done
  for n in 16 1000 100000; do
    $SWIFT_BENCH routes "$n" 20000000 | awk '{printf "route lookups, %s routes: %s /s (%s)\n", $2, $3, $4}'
  done
  echo "a table of more than 24 routes is indexed per prefix length: a lookup is at most one hash probe per length."
} | tee "$out"
mv "$out" bench/results/kernel.txt
