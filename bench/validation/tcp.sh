#!/usr/bin/env bash
# TCP on one path in hybridsim and in ns-3 3.37, side by side: 1 Gbit/s bottleneck, 10 ms RTT
# (5 ms one way), random loss 0, 0.1 % and 1 % on the a -> b direction, unbounded buffers. Both
# run the same TCP settings (initial window 10, minimum RTO 200 ms, an ACK every second segment or
# after 40 ms, SACK and PRR) and the same congestion control: hybridsim's newreno and cubic (with
# and without its Reno-friendly region) against Linux's reno and CUBIC written as ns-3 congestion
# controls in bench/validation/tcp_ns3.cc (LinuxRenoCounters, LinuxCubic), which run on ns-3's own
# TCP (handshake, SACK scoreboard, PRR, timers, delayed ACKs). ns-3's stock TcpLinuxReno and
# TcpCubic, which differ from Linux (tcp_ns3.cc says where), are shown below them for reference.
# Bulk goodput (60 s per seed), then the transaction time of one client opening a new connection
# per 400 B request and 50,000 B response (0.1 s think time, 300 s per seed). Means over seeds with
# their standard deviation (the seed-to-seed noise). Prints one table and keeps it in
# bench/results/tcp-validation.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.build/release/hybridsim}
NS3=${NS3:-bench/out/tcp_ns3}
SEEDS=${SEEDS:-4}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=bench/results/tcp-validation.txt
mkdir -p bench/results

# The path, with one source ($1) and loss ($2).
path() {
  cat <<YAML
topology:
  devices:
    - {name: a, address: 10.0.0.1}
    - {name: r, address: 10.0.0.2}
    - {name: b, address: 10.0.0.3}
  links:
    - {between: [a, r], rate: 10Gbps, delay: 10us, buffer: unbounded}
    - {between: [r, b], rate: 1Gbps, delay: 5ms, buffer: unbounded, loss: $2, reverse: {loss: 0}}
  routes:
    - {at: a, to: 10.0.0.3/32, via: r}
    - {at: r, to: 10.0.0.3/32, via: b}
    - {at: b, to: 10.0.0.0/24, via: r}
    - {at: r, to: 10.0.0.1/32, via: a}
  sources:
    - $1
YAML
}

# hybridsim: the values of one flows.csv column over replications.
hybridsim() {  # yaml column
  rm -rf "$dir/h"
  "$BIN" run "$1" --out "$dir/h" --quiet > /dev/null
  python3 -c "import csv; print(' '.join(r['$2'] for r in csv.DictReader(open('$dir/h/flows.csv'))))"
}

rows=()
reps=$((SEEDS < 2 ? 2 : SEEDS))
# ns-3 over seeds: the value in column $1 of each run of tcp_ns3 with the arguments that follow.
ns3() {
  local column=$1 loss=$3; shift
  local v=""
  for s in $(seq 1 "$SEEDS"); do
    v="$v $("$NS3" "$1" 1000000000 5 "$loss" "$s" "${@:3}" | awk -v c="$column" '{print $c}')"
    [ "$loss" = 0 ] && break   # no loss: nothing random, one run
  done
  echo "$v"
}
# Pairs: hybridsim's congestion control | ns-3's.
pairs=("newreno|newreno-linux" "cubic|cubic-linux" "cubic-unfriendly|cubic-linux-unfriendly" "newreno|newreno" "cubic-unfriendly|cubic")
for loss in 0 0.001 0.01; do
  if [ "$loss" = 0 ]; then window=1024; warm=2; dur=5; else window=100000; warm=5; dur=60; fi
  declare -A mine=()
  for pair in "${pairs[@]}"; do
    variant=${pair%%|*}; theirs=${pair##*|}
    if [ -z "${mine[$variant]:-}" ]; then
      cc=${variant%%-*}
      friendly=$([ "$variant" = cubic-unfriendly ] && echo false || echo true)
      { path "{name: t, from: a, to: 10.0.0.3, bulk: {window: $window, congestion-control: $cc, tcp-friendliness: $friendly}}" "$loss"
        echo "experiment: {warmup: ${warm}s, duration: ${dur}s, replications: $reps}"; } > "$dir/bulk.yaml"
      mine[$variant]=$(hybridsim "$dir/bulk.yaml" goodput_mbps)
    fi
    rows+=("bulk goodput Mbit/s|$loss|$variant|$theirs|${mine[$variant]}|$(ns3 6 "$theirs" "$loss" "$warm" "$dur" "$window")")
  done
  unset mine
done
for loss in 0 0.01; do
  for pair in "newreno|newreno-linux" "cubic|cubic-linux"; do
    cc=${pair%%|*}; theirs=${pair##*|}
    { path "{name: t, from: a, to: 10.0.0.3, request-response: {clients: 1, think: 100ms, request: 400B, response: 50000B, server: 0s, timeout: 30s, new-connections: true, congestion-control: $cc}}" "$loss"
      echo "experiment: {warmup: 2s, duration: 300s, replications: $reps}"; } > "$dir/rr.yaml"
    h=$(hybridsim "$dir/rr.yaml" transaction_mean_ms)
    rows+=("transaction ms, new connection|$loss|$cc|$theirs|$h|$(ns3 6 "$theirs" "$loss" 2 300 1024 rr 400 50000 0.1)")
  done
done
python3 - "${rows[@]}" <<'PY' | tee "$out"
import statistics, sys, platform, datetime
def s(v):
    v = [float(x) for x in v.split()]
    sd = statistics.stdev(v) if len(v) > 1 else 0.0
    return statistics.mean(v), sd, len(v)
print(f"TCP on a 1 Gbit/s, 10 ms RTT path: hybridsim against ns-3 3.37 (mean ± seed-to-seed sd, n); {platform.node()}, {datetime.date.today()}")
print(f"{'measure':<32} {'loss':>6}  {'hybridsim':<24} {'ns-3':<32} {'hybridsim':>24}  {'ns-3':>24}  {'ratio':>6}")
names = {"newreno": "newreno", "cubic": "cubic", "cubic-unfriendly": "cubic, friendliness off",
         "newreno-linux": "Linux reno (tcp_ns3.cc)", "cubic-linux": "Linux CUBIC (tcp_ns3.cc)",
         "cubic-linux-unfriendly": "Linux CUBIC, friendliness off",
         "newreno-stock": "stock TcpLinuxReno", "cubic-stock": "stock TcpCubic (no friendliness)"}
for row in sys.argv[1:]:
    what, loss, mine, theirs, h, n = row.split("|")
    theirs = theirs if "linux" in theirs else theirs + "-stock"
    (hm, hs, hn), (nm, ns, nn) = s(h), s(n)
    f = lambda m, sd, k: f"{m:9.3f} ± {sd:7.3f} (n={k})"
    print(f"{what:<32} {float(loss) * 100:5.1f}%  {names[mine]:<24} {names[theirs]:<32} {f(hm, hs, hn):>24}  {f(nm, ns, nn):>24}  {hm / nm:6.3f}")
PY
