#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) and runs one
# for $1 seconds (default 60): `config` (default; corpus: examples/),
# `import` (corpus: the examples' exports), `set` (the write path: KEY=VALUE
# on an example; corpus: tests/fuzz/seeds/set) or `forms` (a descriptor
# file beside forms/_common.yaml; corpus: forms/).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
target=${2:-config}
b=build-fuzz
jobs=${JOBS:-2}
CC=clang cmake -S . -B $b -DBUILD_TESTING=OFF -DAPPVPN_SANITIZE=ON \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link -g -O1" >/dev/null
cmake --build $b -j"$jobs" --target appvpn_io >/dev/null
extra=()
# the write path is the CLI's: every src/cli file but main.c (which has main)
[ "$target" = set ] && extra=($(ls src/cli/*.c | grep -v /main.c))
clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -I$b \
  -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DAPPVPN_SRC_DIR="\"$PWD\"" \
  tests/fuzz/fuzz_$target.c "${extra[@]}" $b/libappvpn_io.a $b/libappvpn_core.a \
  $(pkg-config --cflags --libs yaml-0.1 libplist-2.0 libcrypto) -o $b/fuzz_$target
corpus=$b/corpus-$target
mkdir -p "$corpus"
case $target in
import)
  cmake --build $b -j"$jobs" --target appvpn >/dev/null
  for f in examples/*.yaml; do
    n=$(basename "$f" .yaml)
    $b/appvpn -q export "$f" --payload-only -o "$corpus/$n.xml" 2>/dev/null || true
    $b/appvpn -q export "$f" --format binary --payload-only -o "$corpus/$n.bin" 2>/dev/null || true
  done
  ;;
set) cp tests/fuzz/seeds/set/* "$corpus"/ ;;
forms) for f in forms/*.yaml; do [ "$(basename "$f")" = _common.yaml ] || cp "$f" "$corpus"/; done ;;
*) cp examples/*.yaml "$corpus"/ ;;
esac
$b/fuzz_$target -max_total_time="$secs" -max_len=8192 -timeout=10 "$corpus"
