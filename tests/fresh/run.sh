#!/usr/bin/env bash
# Runs the README's test command on a brand-new minimal Debian bookworm
# (debootstrap into a folder, then chroot), to prove that setup.sh installs
# everything the build and the tests need. Needs root and Debian's archive;
# not part of ctest. Usage: tests/fresh/run.sh [WORKDIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/appvpn-fresh}
root=$work/root
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
if [ ! -x "$root/bin/bash" ]; then
  mkdir -p "$work"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log"
fi
rm -rf "$root/src"
git clone -q "$src" "$root/src"
cp /etc/resolv.conf "$root/etc/" 2>/dev/null || true
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
trap 'umount "$root/dev/pts" "$root/dev" "$root/proc"' EXIT
chroot "$root" /bin/bash -c 'cd /src && CI=true LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin bash .ci/run'
