# Shared by bench/run.sh and bench/peers.sh (sourced, not run).

# Median of the numbers on stdin, one per line.
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# The machine and the commit the figures belong to.
describe_machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

# Runs a tandem benchmark program and prints its result line
# ("tandem PACKETS wall_s mean_us peak_kib [p50_us p99_us]"); stops everything if it fails or
# prints something else, so no table gets a blank row.
tandem_line() {
  local line
  line=$("$@") || { echo "bench: failed: $*" >&2; exit 1; }
  case "$line" in "tandem "*) echo "$line" ;; *) echo "bench: '$*' printed '$line'" >&2; exit 1 ;; esac
}
