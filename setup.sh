#!/usr/bin/env bash
# appvpn set-up: installs the Debian packages appvpn needs, builds, then
#   ./setup.sh edit [FILE]   opens the editor (default: the bundled example)
#   ./setup.sh test          runs every test (release build, then ASan/UBSan build)
#   ./setup.sh bench         runs the benchmarks (installs what they compare against)
#   ./setup.sh build         only installs and builds
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-build}
shift || true

# zsh and mandoc: the tests of the zsh completion and of the man pages.
# clang, llvm (llvm-ar: clang's LTO archives) and dpkg-dev: the packagers'
# build (clang, LTO, Debian's hardening flags).
packages=(build-essential cmake pkg-config libyaml-dev libplist-dev libncurses-dev libssl-dev
          libcmocka-dev python3 python3-yaml file zsh mandoc clang llvm dpkg-dev)
bench_packages=(dialog whiptail python3-yaml hyperfine)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

build() { # build DIR [cmake args]
  local dir=$1; shift
  # Developer build: warnings are errors here (never by default, see CMakeLists.txt).
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAPPVPN_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

install_packages "${packages[@]}"
case "$mode" in
  build)
    build build ;;
  edit)
    build build
    if [ $# -eq 0 ]; then
      # A scratch copy, so that trying the editor never changes examples/.
      rm -rf build/example && mkdir -p build/example
      cp -r examples/. build/example/
      set -- build/example/cisco-anyconnect.yaml
      echo "setup: editing a copy of examples/cisco-anyconnect.yaml in build/example/"
    fi
    exec ./build/appvpn "$1" ;;
  test)
    build build
    ctest --test-dir build --output-on-failure -j"$(nproc)"
    # The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
    build build-asan -DAPPVPN_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
    # As a distribution builds it: clang, Release, LTO, Debian's hardening
    # flags at -O3; the unit tests (the scenarios ran twice above).
    CC=clang CFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS) -O3" \
      LDFLAGS="$(dpkg-buildflags --get LDFLAGS)" \
      build build-clang -DCMAKE_BUILD_TYPE=Release -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON
    ctest --test-dir build-clang --output-on-failure -j"$(nproc)" -R '^unit/' ;;
  bench)
    install_packages "${bench_packages[@]}"
    build build
    bench/run.sh build ;;
  *)
    echo "usage: ./setup.sh [build|edit [FILE]|test|bench]" >&2
    exit 2 ;;
esac
