#!/usr/bin/env bash
# TCP bulk goodput on one path in hybridsim and in ns-3 3.37, side by side: 1 Gbit/s bottleneck,
# 10 ms RTT (5 ms one way), random loss 0, 0.1 % and 1 % on the data direction, unbounded
# buffers; hybridsim's TCP (Reno-like, an ACK per segment) against ns-3's NewReno and CUBIC
# (SACK and PRR on, ns-3's defaults; an ACK per segment). Means over seeds with their standard
# deviation (the seed-to-seed noise). Prints one table and keeps it in bench/results/tcp-validation.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.build/release/hybridsim}
NS3=${NS3:-bench/out/tcp_ns3}
SEEDS=${SEEDS:-4}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=bench/results/tcp-validation.txt
mkdir -p bench/results
rows=()
for loss in 0 0.001 0.01; do
  if [ "$loss" = 0 ]; then window=1024; warm=2; dur=5; else window=100000; warm=5; dur=60; fi
  cat > "$dir/path.yaml" <<YAML
topology:
  devices:
    - {name: a, address: 10.0.0.1}
    - {name: r, address: 10.0.0.2}
    - {name: b, address: 10.0.0.3}
  links:
    - {between: [a, r], rate: 10Gbps, delay: 10us, buffer: unbounded}
    - {between: [r, b], rate: 1Gbps, delay: 5ms, buffer: unbounded, loss: $loss, reverse: {loss: 0}}
  routes:
    - {at: a, to: 10.0.0.3/32, via: r}
    - {at: r, to: 10.0.0.3/32, via: b}
    - {at: b, to: 10.0.0.0/24, via: r}
    - {at: r, to: 10.0.0.1/32, via: a}
  sources:
    - {name: t, from: a, to: 10.0.0.3, bulk: {window: $window}}
experiment: {warmup: ${warm}s, duration: ${dur}s, replications: $((SEEDS < 2 ? 2 : SEEDS))}
YAML
  rm -rf "$dir/h"
  "$BIN" run "$dir/path.yaml" --out "$dir/h" --quiet > /dev/null
  h=$(python3 -c "import csv,sys; print(' '.join(r['goodput_mbps'] for r in csv.DictReader(open('$dir/h/flows.csv'))))")
  declare -A ns=()
  for cc in newreno cubic; do
    v=""
    for s in $(seq 1 "$SEEDS"); do
      v="$v $("$NS3" "$cc" 1000000000 5 "$loss" "$s" "$warm" "$dur" "$window" | awk '{print $6}')"
      [ "$loss" = 0 ] && break   # no loss: nothing random, one run
    done
    ns[$cc]=$v
  done
  rows+=("$loss|$h|${ns[newreno]}|${ns[cubic]}")
done
python3 - "${rows[@]}" <<'PY' | tee "$out"
import statistics, sys, platform, datetime
def s(v):
    v = [float(x) for x in v.split()]
    sd = statistics.stdev(v) if len(v) > 1 else 0.0
    return statistics.mean(v), sd, len(v)
print(f"TCP bulk goodput, 1 Gbit/s, 10 ms RTT (Mbit/s, mean ± seed-to-seed sd, n); {platform.node()}, {datetime.date.today()}")
print(f"{'loss':>6}  {'hybridsim (Reno-like)':>24}  {'ns-3 NewReno+SACK':>24}  {'ns-3 CUBIC+SACK':>24}  {'hybridsim / NewReno':>20}")
for row in sys.argv[1:]:
    loss, h, n, c = row.split("|")
    (hm, hs, hn), (nm, ns, nn), (cm, cs, cn) = s(h), s(n), s(c)
    f = lambda m, sd, k: f"{m:9.3f} ± {sd:7.3f} (n={k})"
    print(f"{float(loss) * 100:5.1f}%  {f(hm, hs, hn):>24}  {f(nm, ns, nn):>24}  {f(cm, cs, cn):>24}  {hm / nm:20.3f}")
PY
