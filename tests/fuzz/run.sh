#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) and runs
# fuzz_config for $1 seconds (default 60) on a corpus seeded with examples/.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
b=build-fuzz
CC=clang cmake -S . -B $b -DAPPVPN_TESTS=OFF -DAPPVPN_SANITIZE=ON \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link -g -O1" >/dev/null
cmake --build $b -j"$(nproc)" --target appvpn_io >/dev/null
embedded=$b/embedded_files.c
clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -I$b \
  -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
  tests/fuzz/fuzz_config.c $b/libappvpn_io.a $b/libappvpn_core.a \
  $(pkg-config --cflags --libs yaml-0.1 libplist-2.0) -o $b/fuzz_config
mkdir -p $b/corpus
cp examples/*.yaml $b/corpus/
$b/fuzz_config -max_total_time="$secs" -max_len=4096 -timeout=10 $b/corpus
