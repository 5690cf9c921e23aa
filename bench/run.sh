#!/usr/bin/env bash
# Runs every benchmark against the build in $1 (default: build).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
python3 bench/export_bench.py "$build"
if [ -x bench/ui_bench.sh ]; then
  bench/ui_bench.sh "$build"
fi
