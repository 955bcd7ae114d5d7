#!/usr/bin/env bash
# `hybridsim resilience` sharded as a Kubernetes indexed Job shards it (--shard-count N with
# JOB_COMPLETION_INDEX) and joined with --merge gives the single run's CSV and table, byte for
# byte; a missing or repeated shard is refused.
set -euo pipefail
BIN=${1:-.build/release/hybridsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
args=(scenarios/reference.yaml --window 5s --repair 2s --options static-nat,bgp-peering --jobs 2)
"$BIN" resilience "${args[@]}" --format csv >"$dir/single.csv" 2>/dev/null
"$BIN" resilience "${args[@]}" >"$dir/single.txt" 2>/dev/null
for k in 0 1 2; do
  JOB_COMPLETION_INDEX=$k "$BIN" resilience "${args[@]}" --shard-count 3 --format csv >"$dir/shard-$k.csv" 2>/dev/null
done
"$BIN" resilience --merge "$dir/shard-2.csv" --merge "$dir/shard-0.csv" --merge "$dir/shard-1.csv" --format csv >"$dir/merged.csv"
"$BIN" resilience --merge "$dir/shard-0.csv" --merge "$dir/shard-1.csv" --merge "$dir/shard-2.csv" >"$dir/merged.txt"
cmp "$dir/single.csv" "$dir/merged.csv" || { echo "resilience-shards: merged CSV differs from the single run"; exit 1; }
cmp "$dir/single.txt" "$dir/merged.txt" || { echo "resilience-shards: merged table differs from the single run"; exit 1; }
rows=$(($(wc -l <"$dir/single.csv") - 1))
[ "$rows" -gt 0 ] || { echo "resilience-shards: no rows"; exit 1; }
expect_refusal() {  # what, command...
  local what=$1; shift
  if "$@" >"$dir/out" 2>&1; then echo "resilience-shards: $what was accepted"; exit 1; fi
  grep -q "shard\|given" "$dir/out" || { echo "resilience-shards: $what: unclear message:"; cat "$dir/out"; exit 1; }
}
expect_refusal "a missing shard" "$BIN" resilience --merge "$dir/shard-0.csv" --merge "$dir/shard-1.csv"
expect_refusal "a repeated shard" "$BIN" resilience --merge "$dir/shard-0.csv" --merge "$dir/shard-0.csv" --merge "$dir/shard-1.csv" --merge "$dir/shard-2.csv"
echo "resilience-shards: ok ($rows rows; 3 shards merged equal the single run)"
