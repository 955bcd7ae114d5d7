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
# The commands are read from the manifests and run as the pods and array tasks run them, with
# hybridsim on PATH and the volumes' mount points (/scenario, /results) mapped to local folders.
root=$(cd "$(dirname "$0")/.." && pwd)
bindir=$(cd "$(dirname "$BIN")" && pwd)
[ "$(basename "$BIN")" = hybridsim ] || { echo "scale-out: the binary must be called hybridsim"; exit 1; }
manifest_args() {  # the container's shell command in a Job manifest (folded '- >-' block or args: ["..."])
  awk '/^ *- >-$/ {f = 1; next} f && /^ *[a-zA-Z]+:/ {f = 0} f {gsub(/^ +/, ""); printf "%s ", $0}
       /args: \["/ {sub(/.*args: \["/, ""); sub(/"\].*/, ""); printf "%s", $0}' "$1"
}
local_paths() { sed -e "s|/scenario/|$dir/|g" -e "s|/results|$dir/k8s|g"; }
sweep_cmd=$(manifest_args "$root/deploy/k8s/sweep-job.yaml" | local_paths)
merge_cmd=$(manifest_args "$root/deploy/k8s/merge-job.yaml" | local_paths)
shards=$(awk '/completions:/ {print $2; exit}' "$root/deploy/k8s/sweep-job.yaml")
case "$sweep_cmd" in *"hybridsim sweep"*JOB_COMPLETION_INDEX*) ;; *) echo "scale-out: cannot read the sweep command of sweep-job.yaml: $sweep_cmd"; exit 1;; esac
case "$merge_cmd" in *"hybridsim merge"*) ;; *) echo "scale-out: cannot read the command of merge-job.yaml: $merge_cmd"; exit 1;; esac
mkdir -p "$dir/k8s"
# Kubernetes: one pod per completion index 0..completions-1, then the merge Job.
for ((k = 0; k < shards; k++)); do
  JOB_COMPLETION_INDEX=$k PATH="$bindir:$PATH" /bin/sh -c "$sweep_cmd" >/dev/null 2>&1
done
PATH="$bindir:$PATH" /bin/sh -c "$merge_cmd" >/dev/null
# Slurm: the array script for tasks 1..3 of 3, then the merge script.
for t in 1 2 3; do
  SLURM_ARRAY_TASK_ID=$t SLURM_ARRAY_TASK_COUNT=3 PATH="$bindir:$PATH" bash "$root/deploy/slurm/sweep.sbatch" "$dir/scenario.yaml" "$dir/slurm" >/dev/null 2>&1
done
PATH="$bindir:$PATH" bash "$root/deploy/slurm/merge.sbatch" "$dir/slurm" >/dev/null
status=0
for way in k8s slurm; do
  for f in flows.csv summary.csv components.csv timeline.csv; do
    cmp -s "$dir/single/$f" "$dir/$way/merged/$f" || { echo "scale-out: $way merged $f differs from the single run"; status=1; }
  done
done
[ $status -eq 0 ] && { echo "scale-out: Kubernetes ($shards shards) and Slurm (3 shards) merges equal the single run"; echo "scale-out: 1 passed, 0 failed"; }
exit $status
