#!/usr/bin/env bash
# Bundles: N copies of examples/cisco-anyconnect.yaml (each with its own
# UUIDs, identifier and apps, all naming the one .p12) exported as one
# profile and imported back into a directory; the median of 3 runs each.
# usage: bench/bundle_bench.sh BUILD_DIR [N...]   (default N: 50 200)
set -eu
B=${1:?usage: bundle_bench.sh BUILD_DIR [N...]}
shift
A=$(cd "$B" && pwd)/appvpn
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/appvpn-bundle-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT
median() { sort -n | sed -n 2p; }
for n in "${@:-50 200}"; do
  for n1 in $n; do
    d="$T/c$n1"
    mkdir -p "$d"
    cp -r "$SRC/examples/certs" "$d/"
    for i in $(seq 1 "$n1"); do
      h=$(printf '%08X' "$i")
      sed -e "s/^name: .*/name: VPN $i/" -e "s/^identifier: .*/identifier: com.example.vpn.n$i/" \
        -e "/^uuid:/,/^[a-z]/{s/: \(........\)-/: $h-/}" -e "s/com.salesforce.chatter/com.example.a$i/" \
        -e "s/com.example.crm/com.example.b$i/" "$SRC/examples/cisco-anyconnect.yaml" >"$d/v$i.yaml"
    done
    ex=$(for r in 1 2 3; do /usr/bin/time -f %e "$A" -q export "$d"/v*.yaml -o "$T/b$n1.mobileconfig" 2>&1 >/dev/null | tail -1; done | median)
    im=$(for r in 1 2 3; do rm -rf "$T/in$n1"; mkdir "$T/in$n1"; /usr/bin/time -f %e "$A" -q import "$T/b$n1.mobileconfig" -o "$T/in$n1/" 2>&1 >/dev/null | tail -1; done | median)
    echo "$n1 configurations: bundle $(wc -c <"$T/b$n1.mobileconfig") bytes, export ${ex} s, import ${im} s"
  done
done
