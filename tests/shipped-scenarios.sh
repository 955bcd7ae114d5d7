#!/usr/bin/env bash
# Every shipped scenario passes `hybridsim validate` (on an estate: address plan and paths; with
# an explicit topology, like tandem.yaml: decoded and built) and a shortened run of all its points,
# whose stdout has the shape in tests/snapshots/shipped-scenarios.txt (tests/output_shape.py; after
# an intended change: UPDATE_SNAPSHOTS=1 bash tests/shipped-scenarios.sh, and commit it).
set -euo pipefail
BIN=${1:-.build/release/hybridsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for f in scenarios/*.yaml; do
  if grep -q '^measurements:' "$f"; then
    # A measurements file for hybridsim calibrate, not a scenario: its --help example fits it.
    echo "shipped-scenarios: $f is a measurements file (hybridsim calibrate); skipped here"
    continue
  fi
  if grep -q '^topology:' "$f"; then
    "$BIN" validate "$f" >"$dir/validate.out" 2>&1 || { echo "shipped-scenarios: validate $f failed:"; cat "$dir/validate.out"; exit 1; }
    echo "shipped-scenarios: $(tail -1 "$dir/validate.out")"
  elif ! "$BIN" validate "$f" >"$dir/validate.out" 2>&1; then
    echo "shipped-scenarios: validate $f failed:"; cat "$dir/validate.out"; exit 1
  else
    echo "shipped-scenarios: $(tail -1 "$dir/validate.out")"
    # show: one CSV row per device, link and flow, and one JSON table row each, as many as the
    # table's header line counts.
    "$BIN" show "$f" --format csv > "$dir/show.csv"
    "$BIN" show "$f" --format json > "$dir/show.json"
    header=$("$BIN" show "$f" | sed -n 1p)
    python3 - "$dir" "$f" "$header" <<'PY'
import csv, json, re, sys
d, f, header = sys.argv[1:]
want = {k: int(n) for n, k in re.findall(r"(\d+) (device|link|flow)s", header)}
rows = list(csv.DictReader(open(f"{d}/show.csv")))
tables = {t["title"]: len(t["rows"]) for t in json.load(open(f"{d}/show.json"))["tables"]}
for kind, n in want.items():
    got = sum(1 for r in rows if r["record"] == kind)
    assert got == n and tables[kind + "s"] == n, f"shipped-scenarios: show {f}: {got} {kind} CSV rows, {tables[kind + 's']} JSON rows, but '{header}'"
PY
    "$BIN" show "$f" --format dot | sed -n 1p | grep -q '^graph estate {' || { echo "shipped-scenarios: show $f --format dot is not a Graphviz graph"; exit 1; }
  fi
  if ! "$BIN" run "$f" --set experiment.warmup=100ms --set experiment.duration=300ms --set experiment.replications=2 \
       --out "$dir/out" >"$dir/run.out" 2>"$dir/run.err"; then
    echo "shipped-scenarios: the shortened run of $f failed:"; tail -20 "$dir/run.out" "$dir/run.err"; exit 1
  fi
  { echo "$ hybridsim run $f (shortened)"; python3 tests/output_shape.py "$dir/run.out"; echo; } >> "$dir/shapes.txt"
  echo "shipped-scenarios: $f: $(grep '^wall time' "$dir/run.out")"
done
snapshot=tests/snapshots/shipped-scenarios.txt
if [ "${UPDATE_SNAPSHOTS:-}" = 1 ]; then
  mkdir -p tests/snapshots; cp "$dir/shapes.txt" "$snapshot"; echo "shipped-scenarios: snapshot written to $snapshot"
elif ! diff -u "$snapshot" "$dir/shapes.txt"; then
  echo "shipped-scenarios: the output shape differs from $snapshot (above: - snapshot, + now)."
  echo "  If the change is intended: UPDATE_SNAPSHOTS=1 bash tests/shipped-scenarios.sh, and commit the snapshot."
  exit 1
fi
