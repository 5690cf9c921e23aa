#!/usr/bin/env bash
# Binary exports (appvpn's own bplist00 writer) read back in Python's
# plistlib as the same tree as the XML export, for every example, and for a
# configuration with 20,000 Safari domains and non-ASCII text.
. "$(dirname "$0")/lib.bash"

mkdir -p "$T/certs" && cp "$EX/certs/"* "$T/certs/"
for f in "$EX"/*.yaml; do
  b=$(basename "$f" .yaml)
  cp "$f" "$T/$b.yaml"
done
cp "$EX/cisco-anyconnect.yaml" "$T/big.yaml"
"$APPVPN" -q set "$T/big.yaml" $'name=Caf\xc3\xa9 \xf0\x9f\x98\x80 VPN' || fail "set a non-ASCII name"
python3 - "$T/big.yaml" <<'PY'
import sys
text = open(sys.argv[1]).read()
doms = "".join("    - d%d.example.com\n" % i for i in range(20000))
text = text.replace("  safari:\n", "  safari:\n" + doms, 1)
open(sys.argv[1], "w").write(text)
PY
for y in "$T"/*.yaml; do
  b=$(basename "$y" .yaml)
  "$APPVPN" export "$y" -o "$T/$b.xml" 2>"$T/err" || { fail "$b: xml export: $(cat "$T/err")"; continue; }
  "$APPVPN" export "$y" --format binary -o "$T/$b.bin" 2>"$T/err" || { fail "$b: binary export"; continue; }
  if python3 - "$T/$b.xml" "$T/$b.bin" <<'PY'
import plistlib, sys
x = plistlib.load(open(sys.argv[1], "rb"))
raw = open(sys.argv[2], "rb").read()
assert raw[:8] == b"bplist00", raw[:8]
b = plistlib.loads(raw, fmt=plistlib.FMT_BINARY)
assert x == b, "trees differ"
PY
  then pass; else fail "$b: plistlib reads a different tree from the binary export"; fi
done
finish
