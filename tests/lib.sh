# Shared set-up of the shell tests, sourced with the binary as $1 and $suite set: BIN (an
# absolute path), a temporary folder $dir that is the current folder and is removed on exit,
# and pass/fail counters kept by ok and bad ("SUITE: FAIL ..." on stdout).
BIN=$(realpath "${1:-.build/release/hybridsim}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$suite: FAIL $*"; }
