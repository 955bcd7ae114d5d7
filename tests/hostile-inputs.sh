#!/usr/bin/env bash
# Hostile inputs (issue 15): every case must end with exit 1 or 2 and a message on stderr (or,
# where marked "ok", a clean run with exit 0), within 20 s and 1 GiB of address space — never a
# trap (exit 132/134/139), a hang or a silently wrong result.
set -uo pipefail
suite=hostile-inputs
source "$(dirname "$0")/lib.sh"
short=(--set experiment.warmup=10ms --set experiment.duration=50ms --set experiment.replications=2)

# expect NAME WANT CMD...: WANT is "error" (exit 1 or 2 with a message) or "ok" (exit 0).
expect() {
  local name=$1 want=$2; shift 2
  local start=$SECONDS rc
  timeout -s KILL 20 prlimit --as=1073741824 -- "$@" >"$dir/out" 2>"$dir/err"; rc=$?
  local took=$((SECONDS - start)) msg
  msg=$(grep -v '^$' "$dir/err" | head -1)
  local good=0
  case $want in
    error) [[ ($rc == 1 || $rc == 2) && -n $msg ]] && ! grep -q 'Fatal error\|Stack dump\|NSCocoaErrorDomain' "$dir/err" && good=1 ;;
    ok) [[ $rc == 0 ]] && good=1 ;;
  esac
  if [[ $good == 1 ]]; then ok; else bad "$name: exit $rc after ${took}s, wanted $want: ${msg:0:300}"; fi
  [[ -n ${VERBOSE:-} ]] && echo "hostile-inputs: $name: exit $rc ${took}s: ${msg:0:200}"
}

flow() { printf 'flows:\n  f: {from: iks/web, to: vcs/db-vm, %s}\nexperiment: {warmup: 10ms, duration: 50ms, replications: 2}\n' "$1" > "$2"; }

# --- crash classes -------------------------------------------------------------------------
flow 'think: "erlang(1e300, 10ms)"' erlang.yaml;           expect erlang error "$BIN" run erlang.yaml --out o
expect erlang-set error "$BIN" run --set 'flows.iks-web-to-vcs-db.think=erlang(1e300, 10ms)' "${short[@]}" --out o
printf 'architecture:\n  enterprise:\n    wan: 0.4bps\n' > zero-rate.yaml; expect zero-rate error "$BIN" run zero-rate.yaml "${short[@]}" --out o
flow 'response: const(1e300B)' huge-const.yaml;            expect huge-const error "$BIN" run huge-const.yaml --out o
flow 'response: "pareto(0.01, 1B)"' pareto.yaml;           expect pareto error "$BIN" run pareto.yaml --out o
flow 'response: "lognormal(1e-300B, 1B)"' nan.yaml;        expect nan-lognormal error "$BIN" run nan.yaml --out o
flow 'think: "weibull(0.05, 1ms)"' weibull.yaml;           expect weibull ok "$BIN" run weibull.yaml --out o
cat > cbr.yaml <<'Y'
topology:
  devices: [{name: a, address: 10.0.0.1}, {name: b, address: 10.0.0.2}]
  links: [{between: [a, b], rate: 1Gbps, delay: 10us}]
  sources: [{name: s, from: a, to: 10.0.0.2, cbr: 1Mbps, size: 1e300B}]
experiment: {warmup: 10ms, duration: 50ms, replications: 2}
Y
expect topology-cbr error "$BIN" run cbr.yaml --out o
expect long-run error "$BIN" run --set experiment.warmup=8e6s --set experiment.duration=8e6s --out o
printf 'failures:\n  - {event: esg-failover, at: 8e6s, for: 8e6s}\n' > fail-overflow.yaml
expect failure-overflow error "$BIN" run fail-overflow.yaml "${short[@]}" --out o
{ echo 'a: &a ["x","x","x","x","x","x","x","x","x"]'
  for i in b c d e f g h i j; do echo "$i: &$i [*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a}]"; prev=$i; done
} > bomb.yaml
expect alias-bomb error "$BIN" validate bomb.yaml
{ echo 'experiment: {warmup: 10ms, duration: 50ms, replications: 2}'; echo 'sweep:'
  for k in clients think request response server; do echo "  flows.iks-web-to-vcs-db.$k: {from: 1, to: 100000, step: 1}"; done
} > huge-sweep.yaml
expect huge-sweep error "$BIN" sweep huge-sweep.yaml --out o
python3 -c "print('options: [' + ','.join(['common-vlan'] * 5_000_000) + ']')" > long-list.yaml
expect long-list error "$BIN" validate long-list.yaml
python3 -c "print('options: [' + ','.join(['x'] * 7_000_000) + ']')" > many-items.yaml
expect many-items error "$BIN" validate many-items.yaml
expect set-empty-path error "$BIN" run --set '.=1' "${short[@]}" --out o
expect set-empty-part error "$BIN" run --set 'experiment..duration=1s' "${short[@]}" --out o

# --- parsing size and speed ----------------------------------------------------------------
python3 -c "
print('flows:')
for i in range(160000): print(f'  k{i}: default')" > many-keys.yaml
expect many-keys error "$BIN" validate many-keys.yaml
python3 -c "
n = 40000
print('topology:\n  devices:')
for i in range(n): print(f'    - {{name: d{i}, address: 10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256 + 0}}}')
print('  links:')
for i in range(n - 1): print(f'    - {{between: [d{i}, d{i+1}], rate: 1Gbps, delay: 1us}}')
print('  sources: [{name: s, from: d0, to: 10.0.0.5, poisson: 10, size: 100B}]')
print('experiment: {warmup: 1ms, duration: 1ms, replications: 2}')" > big-topology.yaml
expect big-topology-validate ok "$BIN" validate big-topology.yaml
expect big-topology ok "$BIN" run big-topology.yaml --out big

# --- wrong but silent ----------------------------------------------------------------------
echo '[1, 2]' > root-list.yaml;  expect root-list error "$BIN" run root-list.yaml "${short[@]}" --out o
echo 'hello' > root-scalar.yaml; expect root-scalar error "$BIN" run root-scalar.yaml "${short[@]}" --out o
printf 'sweep:\n  "": [1, 2]\n' > empty-key.yaml; expect sweep-empty-key error "$BIN" sweep empty-key.yaml --out o
printf 'sweep:\n  nothing.here: [1, 2]\n' > noop.yaml; expect sweep-noop-path error "$BIN" sweep noop.yaml --out o
expect confidence error "$BIN" run --set 'experiment.confidence=99.99999999999999%' "${short[@]}" --out o
expect out-empty error "$BIN" run "${short[@]}" --out ""
: > afile; expect out-file error "$BIN" run "${short[@]}" --out afile
expect out-missing-parent ok "$BIN" run "${short[@]}" --out "$dir/no/such/parent/x"
expect out-parent-is-file error "$BIN" run "${short[@]}" --out afile/x
expect out-cannot-create error "$BIN" run "${short[@]}" --out /proc/hybridsim-test/x
cat > twolinks.yaml <<'Y'
topology:
  devices: [{name: a, address: 10.0.0.1}, {name: b, address: 10.0.0.2}]
  links: [{between: [a, b], rate: 1Gbps, delay: 10us}, {between: [a, b], rate: 1Mbps, delay: 10us}]
  sources: [{name: s, from: a, to: 10.0.0.2, poisson: 10, size: 100B}]
Y
expect two-links error "$BIN" run twolinks.yaml --out o
printf 'failures:\n  - {event: esg-failover, at: 1s, worker: 2}\n' > failkey.yaml
expect failure-key error "$BIN" run failkey.yaml "${short[@]}" --out o

echo "hostile-inputs: $pass passed, $fail failed"
[[ $fail == 0 ]]
