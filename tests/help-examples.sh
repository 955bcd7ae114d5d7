#!/usr/bin/env bash
# Every example in `hybridsim --help` and its subcommands' help runs and exits 0 (examples are
# tests), and the shape of its stdout (tests/output_shape.py: table headings, CSV headers, JSON
# keys; not the numbers) matches tests/snapshots/help-examples.txt. After an intended change of
# output: UPDATE_SNAPSHOTS=1 bash tests/help-examples.sh, and commit the snapshot. They run in a temporary folder that sees the repository's scenarios/ and bench/, so
# outputs they write (results/..., /shared/..., estate.dot) land there and are thrown away.
set -euo pipefail
BIN=$(realpath "${1:-.build/release/hybridsim}")
repo=$(pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$repo/scenarios" "$dir/scenarios"
ln -s "$repo/bench" "$dir/bench"
mkdir -p "$dir/bin"
ln -s "$BIN" "$dir/bin/hybridsim"
count=0
# The subcommands as the root help lists them, so that a new one's examples run too.
subs=$("$BIN" --help | awk '/^SUBCOMMANDS:/{f=1;next} f && /^  [a-z]/{print $1}')
[ -n "$subs" ] || { echo "help-examples: no subcommands in hybridsim --help"; exit 1; }
for sub in "" $subs; do
  # Examples: indented lines starting with "hybridsim" after "Examples:"; text after two spaces
  # in the root help is a description.
  while IFS= read -r example; do
    [ -z "$example" ] && continue
    cmd=$(echo "$example" | sed -e 's/^ *//' -e 's/   *[a-z].*$//' -e "s#/shared/#$dir/shared/#g")
    case "$cmd" in *"merge "*) mkdir -p "$dir/shared";; esac
    start=$(date +%s)
    if ! (cd "$dir" && PATH="$dir/bin:$PATH" bash -c "$cmd" >"$dir/last.out" 2>"$dir/last.err"); then
      echo "help-examples: '$cmd' (from 'hybridsim $sub --help') failed:"; tail -20 "$dir/last.out" "$dir/last.err"; exit 1
    fi
    { printf '$ %s\n' "$(echo "$example" | sed -e 's/^ *//')"; python3 "$repo/tests/output_shape.py" "$dir/last.out"; echo; } >> "$dir/shapes.txt" \
      || { echo "help-examples: the output of '$cmd' has no readable shape:"; head -20 "$dir/last.out"; exit 1; }
    echo "help-examples: ok ($(( $(date +%s) - start )) s): $cmd"
    count=$((count + 1))
  done < <(COLUMNS=400 "$BIN" $sub --help | awk '/^ *Examples:/{f=1;next} f && /^ *hybridsim /{print} f && /^ *$/{f=0}')
done
snapshot="$repo/tests/snapshots/help-examples.txt"
if [ "${UPDATE_SNAPSHOTS:-}" = 1 ]; then
  mkdir -p "$(dirname "$snapshot")"; cp "$dir/shapes.txt" "$snapshot"; echo "help-examples: snapshot written to $snapshot"
elif ! diff -u "$snapshot" "$dir/shapes.txt"; then
  echo "help-examples: the output shape differs from $snapshot (above: - snapshot, + now)."
  echo "  If the change is intended: UPDATE_SNAPSHOTS=1 bash tests/help-examples.sh, and commit the snapshot."
  exit 1
fi
echo "help-examples: $count examples ran; their output shapes match the snapshot"
