#!/usr/bin/env bash
# Interrupted and concurrent work (issue 15): an output folder is locked while a run writes to
# it; kill -9 at many moments of a sweep, a re-run or a merge leaves the old complete set or the
# new one, and the same command (with --resume) then gives files byte-identical to an
# uninterrupted run with nothing stale left; --resume and merge refuse results of another
# scenario, duplicates, cut-short files and their own output.
set -uo pipefail
suite=interrupted-work
source "$(dirname "$0")/lib.sh"
cat > s.yaml <<'YAML'
name: interrupted
options: [bgp-peering]
flows:
  iks-web-to-vcs-db: {clients: 10}
experiment: {warmup: 100ms, duration: 30s, replications: 2}
sweep:
  flows.iks-web-to-vcs-db.clients: {from: 4, to: 14, step: 2}
YAML
set_files="flows.csv summary.csv components.csv timeline.csv"
same() { for f in $set_files; do cmp -s "$1/$f" "$2/$f" || return 1; done; }
stale() { find "$1" -name '.*.tmp-*' -o -name '.lock' | head -1; ls -a "$(dirname "$1")" | grep -F ".$(basename "$1").publish-" | head -1; }
"$BIN" sweep s.yaml --out ref1 --jobs 1 >/dev/null 2>&1 || bad "reference run failed"
"$BIN" sweep s.yaml --out ref2 --jobs 1 --set experiment.seed=2 >/dev/null 2>&1 || bad "reference run (seed 2) failed"

# 1. A second run into a folder being written gets a clear error.
"$BIN" sweep s.yaml --out busy --jobs 1 >/dev/null 2>&1 & pid=$!
sleep 0.5
msg=$("$BIN" sweep s.yaml --out busy --jobs 1 2>&1 >/dev/null); rc=$?
if [[ $rc != 0 && $msg == *"another hybridsim"* ]]; then ok; else bad "second run into a busy folder: exit $rc: $msg"; fi
wait $pid

# 2. kill -9 at many moments of a re-run over a finished set: old set or new set, never a mix;
#    the command run again gives the uninterrupted files and leaves nothing stale.
for delay in 0.05 0.3 0.8 1.5 2.2 3 4 5; do
  rm -rf rr; cp -r ref1 rr
  "$BIN" sweep s.yaml --out rr --jobs 1 --set experiment.seed=2 >/dev/null 2>&1 & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  if same rr ref1 || same rr ref2; then ok; else bad "kill after ${delay}s left a mixed set"; fi
  "$BIN" sweep s.yaml --out rr --jobs 1 --set experiment.seed=2 --resume >/dev/null 2>&1
  if same rr ref2 && [[ -z $(stale rr) ]]; then ok; else bad "after the kill at ${delay}s, --resume differs or left $(stale rr)"; fi
done

# 3. --resume refuses points of another scenario and names the field.
msg=$("$BIN" sweep s.yaml --out rr --jobs 1 --resume 2>&1 >/dev/null); rc=$?
if [[ $rc != 0 && $msg == *"experiment.seed"* ]]; then ok; else bad "--resume with another seed: exit $rc: $msg"; fi

# 4. A point file cut short although its marker exists is computed again.
rm -rf cut; "$BIN" sweep s.yaml --out cut --jobs 1 >/dev/null 2>&1
head -c 300 cut/.points/2/flows.csv > cut/x && mv cut/x cut/.points/2/flows.csv
"$BIN" sweep s.yaml --out cut --jobs 1 --resume >/dev/null 2>&1
if same cut ref1; then ok; else bad "--resume over a cut-short point file differs"; fi

# 5. merge: its own input as --out, the same folder twice, another scenario, a cut-short row.
for i in 1 2; do "$BIN" sweep s.yaml --out "sh$i" --shard "$i/2" --jobs 1 >/dev/null 2>&1; done
expect_refused() {
  local name=$1 want=$2; shift 2
  msg=$("$BIN" merge "$@" 2>&1 >/dev/null); rc=$?
  if [[ $rc != 0 && $msg == *"$want"* ]]; then ok; else bad "merge $name: exit $rc: $msg"; fi
}
expect_refused own-output "one of the folders" sh1 sh2 --out sh1
expect_refused twice "same folder" sh1 sh1/ --out m
expect_refused unrelated "another scenario" ref2 sh1 sh2 --out m
expect_refused duplicates "belong" ref1 sh1 sh2 --out m
cp -r ref1 ref1copy; cp -r sh2 short; head -c -40 sh2/flows.csv > short/flows.csv
expect_refused short-row "cut short" sh1 short --out m
expect_refused duplicate-points "also in" ref1 ref1copy --out m
for delay in 0.01 0.05 0.1 0.2; do
  "$BIN" merge sh1 sh2 --out m >/dev/null 2>&1 & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  "$BIN" merge sh1 sh2 --out m >/dev/null 2>&1
  if same m ref1 && [[ -z $(stale m) ]]; then ok; else bad "merge killed after ${delay}s then again differs or left $(stale m)"; fi
done

echo "interrupted-work: $pass passed, $fail failed"
[[ $fail == 0 ]]
