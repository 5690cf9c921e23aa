#!/usr/bin/env bash
# Runs every benchmark against the build in $1 (default: build).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
python3 bench/export_bench.py "$build"
echo
python3 bench/binary_bench.py "$build"
echo
python3 bench/batch_bench.py "$build"
echo
bench/bundle_bench.sh "$build" 50 200
if [ -x bench/ui_bench.sh ]; then
  bench/ui_bench.sh "$build"
fi
# The editor at 1k-1M items against vim, and export at 1M against Python
# (about 25 minutes, so only when asked: EDITOR_VS_VIM=1 bench/run.sh).
if [ "${EDITOR_VS_VIM:-0}" = 1 ]; then
  echo
  bench/editor_vs_vim.sh "$build"
fi
# Size on disk, stripped, beside the two programs the editor is compared with.
echo
echo "== size (stripped bytes)"
tmp=$(mktemp)
strip -o "$tmp" "$build/appvpn"
for b in "$tmp:appvpn" /usr/bin/dialog:dialog /usr/bin/whiptail:whiptail; do
  f=${b%%:*}; n=${b##*:}
  [ -e "$f" ] && printf '%-9s %9d\n' "$n" "$(stat -c %s "$f")"
done
rm -f "$tmp"
