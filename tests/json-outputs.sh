#!/usr/bin/env bash
# `--format json` of every command that prints an answer parses, carries the identity
# (scenario_id for commands on a scenario, hybridsim_version always) and has at least one table.
# Data only on stdout: a warning or progress line there would break the parse.
set -euo pipefail
BIN=${1:-.build/release/hybridsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
short=(--set experiment.warmup=100ms --set experiment.duration=300ms --set experiment.replications=2)
i=0
check() {
  local want_id=$1; shift
  i=$((i + 1))
  # verify at --scale 0.01 may fail its tolerances (exit 1) but still prints its report.
  if ! "$BIN" "$@" --format json > "$dir/$i.json" 2> "$dir/$i.err" && [ "$1" != verify ]; then
    echo "json-outputs: 'hybridsim $*' failed:"; tail -5 "$dir/$i.err"; exit 1
  fi
  python3 - "$dir/$i.json" "$want_id" "$*" <<'PY'
import json, sys
path, want_id, cmd = sys.argv[1], sys.argv[2] == "1", sys.argv[3]
d = json.load(open(path))
ident = d.get("identity", {})
assert ident.get("hybridsim_version"), f"{cmd}: no hybridsim_version in identity: {ident}"
assert not want_id or ident.get("scenario_id"), f"{cmd}: no scenario_id in identity: {ident}"
assert d.get("tables"), f"{cmd}: no tables"
print(f"json-outputs: ok: hybridsim {cmd} ({d['command']}, {sum(len(t['rows']) for t in d['tables'])} rows)")
PY
}
check 1 run "${short[@]}" --quiet
check 1 sweep scenarios/mtu.yaml "${short[@]}" --quiet
check 1 compare scenarios/default.yaml --options common-vlan,static-nat "${short[@]}" --quiet
check 1 capacity scenarios/strongswan-ceiling.yaml --vary flows.iks-web-to-vcs-db.clients --until 'utilisation(iks-strongswan) > 50%' \
  --set 'sweep={architecture.iks.vpn.cores: [1]}' "${short[@]}" --quiet
check 1 outage --event esg-failover --options static-nat --replications 2
check 1 validate
check 1 trace --flow iks-web-to-vcs-db
check 1 show
check 1 resilience --window 2s --repair 1s --options static-nat --parts esg
check 0 verify --scale 0.01
check 0 metrics
check 0 parameters
check 0 calibrate scenarios/calibration/published.yaml --check --quiet
echo "json-outputs: $i commands"
