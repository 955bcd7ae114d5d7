#!/usr/bin/env bash
# `hybridsim capacity` brackets the crossing a plain sweep sees: on a compact ESG, a sweep of the
# web tier's clients over 400...800 (step 50) finds the first value whose mean p99 transaction
# time exceeds 10 ms; capacity's crossing must lie between that value and the one before, and
# every probe at a value the sweep also ran must give the sweep's numbers (common random numbers; the CSV has 6 decimals).
set -euo pipefail
BIN=${1:-.build/release/hybridsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed -e '/^sweep:/,$d' scenarios/esg-capacity.yaml > "$dir/s.yaml"
cat >> "$dir/s.yaml" <<'YAML'
sweep:
  architecture.vcs.esg.size: [compact]
  flows.iks-web-to-vcs-db.clients: {from: 400, to: 800, step: 50}
YAML
"$BIN" sweep "$dir/s.yaml" --out "$dir/sweep" --quiet > /dev/null
"$BIN" capacity "$dir/s.yaml" --vary flows.iks-web-to-vcs-db.clients --until 'transaction_p99_ms > 10' --probes --format json --quiet > "$dir/capacity.json"
python3 - "$dir" <<'PY'
import csv, json, sys
d = sys.argv[1]
sweep = {}
for r in csv.DictReader(open(f"{d}/sweep/summary.csv")):
    if r["metric"] == "transaction_p99_ms":
        sweep[int(float(r["param.flows.iks-web-to-vcs-db.clients"]))] = (float(r["mean"]), float(r["ci_low"]), float(r["ci_high"]))
values = sorted(sweep)
first = next((v for v in values if sweep[v][0] > 10), None)
assert first is not None and first != values[0], f"the sweep does not cross 10 ms inside 400...800: {sweep}"
below = values[values.index(first) - 1]
c = json.load(open(f"{d}/capacity.json"))
assert c["identity"]["scenario_id"], "no run identity"
answer = c["tables"][0]["rows"][0]
assert answer["status"] == "found", answer
crossing = answer["crossing"]
assert below <= crossing <= first, f"capacity's crossing {crossing} is outside the sweep's bracket [{below}, {first}]"
lo, hi = answer["surely_below"], answer["surely_past"]
assert (lo is None or lo <= below) and (hi is None or hi >= first), f"capacity's interval [{lo}, {hi}] does not hold the sweep's bracket [{below}, {first}]"
same = 0
for p in c["tables"][1]["rows"]:
    v = int(p["value"])
    if v in sweep:
        m = p["metric"]
        assert abs(m["mean"] - sweep[v][0]) < 1e-5 and abs(m["low"] - sweep[v][1]) < 1e-5, f"probe at {v}: {m} but the sweep has {sweep[v]}"
        same += 1
assert same >= 2, f"only {same} probes at sweep values"
print(f"capacity-brackets: sweep crosses between {below} and {first} clients; capacity {crossing:.1f} "
      f"(surely below {answer['surely_below']}, surely past {answer['surely_past']}); {same} probes equal the sweep's points")
PY
