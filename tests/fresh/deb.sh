#!/usr/bin/env bash
# Builds the Debian package (cpack -G DEB, with Debian's build flags and full
# hardening), checks it with lintian, then installs it on a brand-new minimal
# Debian (debootstrap into a folder, then chroot; the folder tests/fresh/run.sh
# uses) with dpkg -i and apt-get -f install, and runs appvpn there. Needs
# root and Debian's archive; not part of ctest.
#
#   tests/fresh/deb.sh [SUITE [WORKDIR]]
#
# The package is built here, for this machine's Debian release, so SUITE
# defaults to this machine's (bookworm for Debian 12).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
suite=${1:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
work=${2:-/tmp/appvpn-fresh-$suite}
root=$work/root
b=$work/deb-build
for tool in debootstrap lintian; do
  command -v $tool >/dev/null || apt-get install -y -qq $tool >/dev/null
done

# The package, built as Debian builds packages.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
rm -rf "$b"
CFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
  LDFLAGS="$(dpkg-buildflags --get LDFLAGS)" \
  cmake -S "$src" -B "$b" -DCMAKE_BUILD_TYPE=None -DBUILD_TESTING=OFF >/dev/null
cmake --build "$b" -j"$(nproc)" >/dev/null
(cd "$b" && cpack -G DEB >/dev/null)
deb=$(echo "$b"/appvpn_*.deb)
echo "deb: $(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"

# lintian: no error allowed; warnings and notes are shown.
lintian -I --pedantic "$deb" 2>/dev/null | tee "$work/lintian.txt" | sed 's/^/deb: lintian: /' || true
if grep -q '^E:' "$work/lintian.txt"; then
  echo "deb: lintian found errors" >&2
  exit 1
fi

# A clean system: install, resolve the dependencies from the archive, run.
if [ ! -x "$root/bin/bash" ]; then
  mkdir -p "$work"
  debootstrap --variant=minbase "$suite" "$root" http://deb.debian.org/debian >"$work/debootstrap.log"
fi
cp /etc/resolv.conf "$root/etc/" 2>/dev/null || true
cp "$deb" "$root/tmp/appvpn.deb"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
trap 'umount "$root/dev/pts" "$root/dev" "$root/proc"' EXIT
echo "deb: installing on $suite $(chroot "$root" cat /etc/debian_version)"
chroot "$root" /bin/bash -euo pipefail -c '
  export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
  dpkg --purge appvpn >/dev/null 2>&1 || true
  apt-get update -qq
  dpkg -i /tmp/appvpn.deb >/dev/null 2>&1 || apt-get -f install -y -qq >/dev/null
  dpkg-query -W -f="deb: installed \${Package} \${Version} (\${Status})\n" appvpn
  echo "deb: $(appvpn --version)"
  appvpn types | grep -q "^ikev2 "
  test -f /usr/share/man/man1/appvpn.1.gz
  test -f /usr/share/bash-completion/completions/appvpn
  test -f /usr/share/zsh/vendor-completions/_appvpn
  echo "deb: appvpn runs; man page and completions installed"
  dpkg --purge appvpn >/dev/null
  rm -f /tmp/appvpn.deb'
