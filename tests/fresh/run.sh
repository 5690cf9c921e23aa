#!/usr/bin/env bash
# Runs the README's test command on a brand-new minimal Debian (debootstrap
# into a folder, then chroot), to prove that setup.sh installs everything the
# build and the tests need. Needs root and Debian's archive; not part of ctest.
#
#   tests/fresh/run.sh [SUITE [WORKDIR]]
#
# SUITE is bookworm (Debian 12, libplist 2.2; the default) or trixie
# (Debian 13, libplist 2.6). Each suite gets its own folder, kept between runs
# (the source is cloned anew every time).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
suite=${1:-bookworm}
work=${2:-/tmp/appvpn-fresh-$suite}
root=$work/root
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
if [ ! -x "$root/bin/bash" ]; then
  mkdir -p "$work"
  debootstrap --variant=minbase "$suite" "$root" http://deb.debian.org/debian >"$work/debootstrap.log"
fi
rm -rf "$root/src"
git clone -q "$src" "$root/src"
cp /etc/resolv.conf "$root/etc/" 2>/dev/null || true
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
trap 'umount "$root/dev/pts" "$root/dev" "$root/proc"' EXIT
echo "fresh: $suite, $(chroot "$root" cat /etc/debian_version)"
chroot "$root" /bin/bash -c 'cd /src && CI=true LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin bash .ci/run'
chroot "$root" dpkg-query -W libplist-dev gcc cmake 2>/dev/null | sed 's/^/fresh: /' || true
