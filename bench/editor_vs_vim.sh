#!/usr/bin/env bash
# The editor at scale, side by side in one run, on a Cisco AnyConnect
# configuration with N Safari domains (bench/make_domains.py):
#   (a) instructions per key (Down, a typed character, a committed item) at
#       1k, 100k and 1M items: bench/ui_callgrind.sh;
#   (b) wall time in an 80x24 pty at 100k and 1M items, appvpn against
#       vim -u NONE -N -n on the same YAML file: first frame, one scroll, one
#       typed character, one commit, save: bench/vim_pty.py;
#   (c) peak memory per domain, appvpn against vim: the editor opened on the
#       file and quit, RSS at N less RSS at 1k, over the extra domains;
#   (d) binary and XML export at 1M domains against Python's plistlib:
#       bench/binary_bench.py (libplist's own writer left out at 1M).
# Usage: bench/editor_vs_vim.sh [BUILD_DIR] [ROUNDS]   (never run by ctest)
# A Release build (-DCMAKE_BUILD_TYPE=Release, tests on for raw_floor).
# Takes about 25 minutes on a 2-core machine, most of it (a) at 1M items
# (valgrind) and (d) (Python at 1M domains); SKIP_CALLGRIND=1 leaves (a) out.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
build=${1:-build}
rounds=${2:-5}
case $build in /*) ;; *) build="$src/$build" ;; esac
app="$build/appvpn"
[ -x "$app" ] || { echo "editor_vs_vim: no $app (build first)" >&2; exit 2; }
command -v vim >/dev/null || { echo "editor_vs_vim: vim not installed (apt-get install vim)" >&2; exit 2; }
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
w=$(mktemp -d /tmp/appvpn-evv-XXXXXX)
trap 'rm -rf "$w"' EXIT
start=$(date +%s)
echo "== editor against vim, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== (a) instructions per key (callgrind)"
if [ "${SKIP_CALLGRIND:-0}" = 1 ]; then
  echo "(left out: SKIP_CALLGRIND=1)"
else
  bench/ui_callgrind.sh "$build" 1000 100000 1000000
fi

for n in 1000 100000 1000000; do
  python3 bench/make_domains.py "$src" "$n" "$w/d$n.yaml"
done

echo
echo "== (b) 80x24 pty, wall time"
python3 bench/vim_pty.py "$app" 100k="$w/d100000.yaml" 1M="$w/d1000000.yaml" --rounds "$rounds"

echo
echo "== (c) peak memory (KiB, median of 3), the file opened and quit"
printf '<C-q>\n' >"$w/q.txt"
rss() { # median peak RSS (KiB) of a command, 3 runs
  for _ in 1 2 3; do
    /usr/bin/time -f '%M' "$@" </dev/null >/dev/null 2>"$w/t.err" || true
    tail -1 "$w/t.err"
  done | sort -n | sed -n 2p
}
declare -A A V
for n in 1000 100000 1000000; do
  A[$n]=$(rss "$app" --test-script "$w/q.txt" --test-dump /dev/null "$w/d$n.yaml")
  V[$n]=$(rss vim -u NONE -N -n -es -c 'qa!' "$w/d$n.yaml")
done
printf '%-9s %12s %12s %14s %14s %10s\n' domains "appvpn KiB" "vim KiB" "appvpn B/dom" "vim B/dom" appvpn/vim
for n in 1000 100000 1000000; do
  if [ "$n" = 1000 ]; then
    printf '%-9s %12s %12s %14s %14s %10s\n' "$n" "${A[$n]}" "${V[$n]}" - - -
  else
    python3 - "$n" "${A[1000]}" "${A[$n]}" "${V[1000]}" "${V[$n]}" <<'PY'
import sys
n, a0, a, v0, v = (int(x) for x in sys.argv[1:])
pa, pv = (a - a0) * 1024 / (n - 1000), (v - v0) * 1024 / (n - 1000)
print("%-9d %12d %12d %14.1f %14.1f %10.2f" % (n, a, v, pa, pv, pa / pv))
PY
  fi
done

echo
echo "== (d) export at 1M domains against Python (binary_bench.py, medians of 3)"
python3 bench/binary_bench.py "$build" 3 0

echo
echo "total time: $(( $(date +%s) - start )) s"
