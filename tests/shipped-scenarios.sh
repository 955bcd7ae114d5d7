#!/usr/bin/env bash
# Every shipped scenario passes `hybridsim validate` (on an estate: address plan and paths; with
# an explicit topology, like tandem.yaml: decoded and built) and a shortened run of all its points.
set -euo pipefail
BIN=${1:-.build/release/hybridsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for f in scenarios/*.yaml; do
  if grep -q '^topology:' "$f"; then
    "$BIN" validate "$f" >"$dir/validate.out" 2>&1 || { echo "shipped-scenarios: validate $f failed:"; cat "$dir/validate.out"; exit 1; }
    echo "shipped-scenarios: $(tail -1 "$dir/validate.out")"
  elif ! "$BIN" validate "$f" >"$dir/validate.out" 2>&1; then
    echo "shipped-scenarios: validate $f failed:"; cat "$dir/validate.out"; exit 1
  else
    echo "shipped-scenarios: $(tail -1 "$dir/validate.out")"
    # show: one CSV row per device, link and flow, as many as the table's header line counts.
    "$BIN" show "$f" --format csv > "$dir/show.csv"
    header=$("$BIN" show "$f" | sed -n 1p)
    for kind in device link flow; do
      n=$(grep -c "^$kind," "$dir/show.csv" || true)
      case "$header" in *" $n ${kind}s"*|*" $n ${kind}s,"*) ;; *) echo "shipped-scenarios: show $f: $n ${kind} rows but '$header'"; exit 1;; esac
    done
    "$BIN" show "$f" --format dot | sed -n 1p | grep -q '^graph estate {' || { echo "shipped-scenarios: show $f --format dot is not a Graphviz graph"; exit 1; }
  fi
  if ! "$BIN" run "$f" --set experiment.warmup=100ms --set experiment.duration=300ms --set experiment.replications=2 \
       --out "$dir/out" >"$dir/run.out" 2>&1; then
    echo "shipped-scenarios: the shortened run of $f failed:"; tail -20 "$dir/run.out"; exit 1
  fi
  echo "shipped-scenarios: $f: $(tail -2 "$dir/run.out" | head -1)"
done
