#!/usr/bin/env bash
# tandem-5 side by side: hybridsim, a minimal C event loop, ns-3 and SimPy, on this machine in
# one run. Prints one table and keeps it, with the machine description, in bench/results/peers.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKETS=${PACKETS:-1000000}
REPEATS=${REPEATS:-3}
out=$(mktemp)
source bench/common.sh
declare -A cmd=(
  [hybridsim]=".build/release/hybridsim-bench tandem $PACKETS"
  [c-2-events]="bench/out/tandem_c $PACKETS events"
  [c-1-event]="bench/out/tandem_c $PACKETS fifo"
  [ns-3]="bench/out/tandem_ns3 $PACKETS"
  [simpy]=".venv-bench/bin/python bench/peers/tandem_simpy.py $PACKETS"
)
order=(hybridsim c-2-events c-1-event ns-3 simpy)
declare -A wall mean p50 p99 mem
for name in "${order[@]}"; do
  walls=()
  for _ in $(seq "$REPEATS"); do
    line=$(tandem_line ${cmd[$name]})
    read -r _ _ w d m a b <<<"$line"
    walls+=("$w"); mean[$name]=$d; mem[$name]=$m; p50[$name]=$a; p99[$name]=$b
  done
  wall[$name]=$(printf '%s\n' "${walls[@]}" | median)
done
# Seed-to-seed noise of the delay statistics: the C loop (identical model) with 10 seeds.
noise=$(for s in $(seq 1 10); do bench/out/tandem_c "$PACKETS" fifo "$s"; done |
  awk '{for (i = 0; i < 3; i++) { v = $(4 + (i == 0 ? 0 : i + 1)); s[i] += v; q[i] += v * v } n++}
       END {for (i = 0; i < 3; i++) { m = s[i] / n; printf "%.4f %.4f ", m, sqrt((q[i] - n * m * m) / (n - 1)) }}')
read -r nm_mean ns_mean nm_p50 ns_p50 nm_p99 ns_p99 <<<"$noise"
within() {  # value, seed mean, seed stdev -> "yes" when within 3 stdev
  awk -v v="$1" -v m="$2" -v s="$3" 'BEGIN{print ((v - m) ^ 2 <= 9 * s * s) ? "yes" : "NO"}'
}
{
  echo "# tandem-5 side by side ($(date -u +%Y-%m-%dT%H:%MZ))"
  describe_machine
  echo "swift: $(swift --version 2>/dev/null | head -1); cc: $(cc --version | head -1); ns-3: $(dpkg-query -W -f='${Version}' libns3-dev 2>/dev/null); simpy: $(.venv-bench/bin/python -c 'import simpy; print(simpy.__version__)')"
  echo "workload: 6 nodes, 5 x 1 Gbit/s links, 10 us, 1,500 B on the wire, Poisson rho = 0.8, $PACKETS packets; median wall of $REPEATS runs"
  echo
  printf '%-12s %10s %15s %10s %10s %10s %10s %12s\n' implementation "wall s" "packet-hops/s" "mean us" "p50 us" "p99 us" "peak MiB" "hybridsim x"
  for name in "${order[@]}"; do
    rate=$(awk -v n="$PACKETS" -v w="${wall[$name]}" 'BEGIN{printf "%.0f", n*5/w}')
    ratio=$(awk -v a="${wall[$name]}" -v b="${wall[hybridsim]}" 'BEGIN{printf "%.2f", a/b}')
    printf '%-12s %10s %15s %10s %10s %10s %10.1f %12s\n' "$name" "${wall[$name]}" "$rate" "${mean[$name]}" "${p50[$name]}" "${p99[$name]}" \
      "$(awk -v k="${mem[$name]}" 'BEGIN{print k/1024}')" "$ratio"
  done
  echo
  echo "'hybridsim x' = hybridsim's speed relative to that row (its wall / hybridsim's wall). Targets: >= 35 vs ns-3, >= 0.50 vs the C loop."
  echo "analytic mean delay: 134 us (M/D/1 wait 24 us + 5 x 22 us)."
  echo
  echo "seed-to-seed noise (C loop, seeds 1-10, mean +- stdev): mean $nm_mean +- $ns_mean us, p50 $nm_p50 +- $ns_p50 us, p99 $nm_p99 +- $ns_p99 us"
  printf '%-12s %14s %14s %14s\n' implementation "mean in 3sd" "p50 in 3sd" "p99 in 3sd"
  for name in "${order[@]}"; do
    printf '%-12s %14s %14s %14s\n' "$name" "$(within "${mean[$name]}" "$nm_mean" "$ns_mean")" \
      "$(within "${p50[$name]}" "$nm_p50" "$ns_p50")" "$(within "${p99[$name]}" "$nm_p99" "$ns_p99")"
  done
} | tee "$out"
mkdir -p bench/results
mv "$out" bench/results/peers.txt
