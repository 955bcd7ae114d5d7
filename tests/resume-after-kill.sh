#!/usr/bin/env bash
# A sweep killed midway (SIGKILL, a real child process) and re-run with --resume computes only
# the missing points and ends with the same files as an uninterrupted run.
set -euo pipefail
BIN=${1:-.build/release/hybridsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/s.yaml" <<'YAML'
name: resume-test
options: [bgp-peering]
flows:
  iks-web-to-vcs-db: {clients: 10}
experiment: {warmup: 200ms, duration: 20s, replications: 2}
sweep:
  flows.iks-web-to-vcs-db.clients: {from: 4, to: 14, step: 2}
YAML
count() { { find "$dir/killed/.points" -name complete 2>/dev/null || true; } | wc -l; }
full=$("$BIN" sweep "$dir/s.yaml" --out "$dir/full" --jobs 1 2>/dev/null | awk '/^wall time/{print $5}')
"$BIN" sweep "$dir/s.yaml" --out "$dir/killed" --jobs 1 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1200); do
  done_points=$(count)
  [ "$done_points" -ge 2 ] && break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
before=$(count)
if [ -e "$dir/killed/flows.csv" ]; then echo "resume-after-kill: the killed run finished before it was killed"; exit 1; fi
resumed=$("$BIN" sweep "$dir/s.yaml" --out "$dir/killed" --jobs 1 --resume 2>/dev/null | awk '/^wall time/{print $5}')
status=0
for f in flows.csv summary.csv components.csv; do
  cmp -s "$dir/full/$f" "$dir/killed/$f" || { echo "resume-after-kill: $f differs from the uninterrupted run"; status=1; }
done
if [ "$before" -lt 1 ] || [ "$resumed" -ge "$full" ]; then
  echo "resume-after-kill: the resumed run did not skip the $before finished points ($resumed vs $full events)"; status=1
fi
if [ $status -eq 0 ]; then
  echo "resume-after-kill: killed after $before of 6 points; resumed with $resumed of $full events; files identical"
  echo "resume: 1 passed, 0 failed"
fi
exit $status
