#!/usr/bin/env bash
# Runs the scale-out workflow locally exactly as deploy/k8s and deploy/slurm do (shard index
# from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID, --shard-count N, shard-* folders, merge)
# and checks that the merged files equal a single-machine run, byte for byte.
set -euo pipefail
BIN=${1:-.build/release/hybridsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/scenario.yaml" <<'YAML'
name: scale-out-test
options: [bgp-peering, static-nat]
flows:
  iks-web-to-vcs-db: {clients: 5}
experiment: {warmup: 50ms, duration: 300ms, replications: 2}
sweep:
  flows.iks-web-to-vcs-db.clients: [2, 4, 6, 8, 10]
YAML
"$BIN" sweep "$dir/scenario.yaml" --out "$dir/single" --jobs 2 >/dev/null 2>&1
# Kubernetes: JOB_COMPLETION_INDEX 0..3 (the Job's args), then the merge Job's command.
for k in 0 1 2 3; do
  JOB_COMPLETION_INDEX=$k "$BIN" sweep "$dir/scenario.yaml" --shard-count 4 --jobs 2 --resume --out "$dir/k8s/shard-$k" >/dev/null 2>&1
done
"$BIN" merge "$dir"/k8s/shard-* --out "$dir/k8s/merged" >/dev/null
# Slurm: SLURM_ARRAY_TASK_ID 1..3 with SLURM_ARRAY_TASK_COUNT=3 (sweep.sbatch), then merge.sbatch.
for t in 1 2 3; do
  SLURM_ARRAY_TASK_ID=$t SLURM_ARRAY_TASK_COUNT=3 "$BIN" sweep "$dir/scenario.yaml" --shard-count 3 --jobs 2 --resume --out "$dir/slurm/shard-$t" >/dev/null 2>&1
done
"$BIN" merge "$dir"/slurm/shard-* --out "$dir/slurm/merged" >/dev/null
status=0
for way in k8s slurm; do
  for f in flows.csv summary.csv components.csv timeline.csv; do
    cmp -s "$dir/single/$f" "$dir/$way/merged/$f" || { echo "scale-out: $way merged $f differs from the single run"; status=1; }
  done
done
[ $status -eq 0 ] && { echo "scale-out: Kubernetes (4 shards) and Slurm (3 shards) merges equal the single run"; echo "scale-out: 1 passed, 0 failed"; }
exit $status
