#!/usr/bin/env bash
# Editor work per keystroke, counted in instructions (valgrind --tool=callgrind),
# on a Cisco AnyConnect configuration with N Safari domains (default 1k and 1M).
# Each figure is the difference between two scripted runs (--test-script, no
# terminal) that differ only in K repetitions of the key, divided by K: start-up
# and loading cancel out. Also prints peak RSS of the editor and of vim on the
# same YAML (vim is skipped when not installed).
# Usage: bench/ui_callgrind.sh [BUILD_DIR] [N...]   (never run by ctest)
# Time: about 8 s per run under callgrind at 100k items and 80 s at 1M (six
# runs per size), so 1k, 100k and 1M take about ten minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
build=${1:-build}
shift || true
sizes=${*:-1000 1000000}
case $build in /*) app="$build/appvpn" ;; *) app="$src/$build/appvpn" ;; esac
[ -x "$app" ] || { echo "ui_callgrind: no $app (build first)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "ui_callgrind: valgrind not installed (apt-get install valgrind)" >&2; exit 2; }
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
w=$(mktemp -d /tmp/appvpn-uicg-XXXXXX)
trap 'rm -rf "$w"' EXIT
K=10

# instructions of one scripted run
ir() { # FILE SCRIPT_TEXT
  printf '%s\n' "$2" >"$w/keys.txt"
  valgrind --tool=callgrind --callgrind-out-file="$w/cg.out" \
    "$app" --test-script "$w/keys.txt" --test-dump /dev/null "$1" >/dev/null 2>"$w/vg.err" || true
  sed -n 's/^summary: //p' "$w/cg.out"
}
rep() { local s= c=${2:-$K}; for ((i = 0; i < c; i++)); do s+=$1; done; printf '%s' "$s"; }
items() { local s=; for ((i = 0; i < K; i++)); do s+="<C-n>x$i.example.org$1"; done; printf '%s' "$s"; }

printf '%-9s %14s %14s %14s %12s %12s\n' domains "Down (Ir)" "char (Ir)" "commit (Ir)" "editor KiB" "vim KiB"
for n in $sizes; do
  f="$w/d$n.yaml"
  python3 "$src/bench/make_domains.py" "$src" "$n" "$f"
  # To the list by sections (Tab), not ^F: find also searches the list's
  # values as the query is typed, which at 1M items would dominate the run.
  go=$(rep '<Tab>' 7)
  printf '%s<Dump>\n' "$go" >"$w/chk.txt"
  "$app" --test-script "$w/chk.txt" --test-dump "$w/chk.out" "$f" >/dev/null 2>&1 || true
  grep -q '> Safari Domains' "$w/chk.out" ||
    { echo "ui_callgrind: $go does not reach Safari Domains any more (see the form's sections)" >&2; exit 2; }
  base=$(ir "$f" "$go")
  down=$(ir "$f" "$go$(rep '<Down>')")
  ed0=$(ir "$f" "$go<C-n>")
  ed1=$(ir "$f" "$go<C-n>$(rep a)")
  esc=$(ir "$f" "$go$(items '<Esc>')")
  ent=$(ir "$f" "$go$(items '<Enter>')")
  # peak RSS: the editor opened on the file, quitting at once; vim the same
  printf '<C-q>\n' >"$w/q.txt"
  rss=$( (/usr/bin/time -f '%M' "$app" --test-script "$w/q.txt" --test-dump /dev/null "$f" >/dev/null 2>"$w/t.err"; true); tail -1 "$w/t.err")
  vimrss=-
  if command -v vim >/dev/null; then
    vimrss=$( (/usr/bin/time -f '%M' vim -u NONE -N -n -es -c 'qa!' "$f" </dev/null >/dev/null 2>"$w/v.err"; true); tail -1 "$w/v.err")
  fi
  printf '%-9s %14d %14d %14d %12s %12s\n' "$n" $(((down - base) / K)) $(((ed1 - ed0) / K)) \
    $(((ent - esc) / K)) "$rss" "$vimrss"
done
