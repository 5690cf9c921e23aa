#!/usr/bin/env bash
# Real-world profiles, both ways: every profile of tests/data/profiles is
# imported and exported again; the export keeps every key of the original
# with the same value and plist type, adds none, or the import's warnings
# name what is not kept (tests/schema/compare_profiles.py). Each export also
# satisfies Apple's schema (tests/schema/check_profile.py).
. "$(dirname "$0")/lib.bash"
D="$APPVPN_SRC/tests/data/profiles"
cmp_py="$APPVPN_SRC/tests/schema/compare_profiles.py"
check="$APPVPN_SRC/tests/schema/check_profile.py"
keys=0
profiles=0

for src in "$D"/*.mobileconfig "$D"/*.plist; do
  name=$(basename "$src")
  name=${name%.*}
  dir="$T/$name"
  mkdir -p "$dir"
  orig="$dir/original.plist"
  cp "$src" "$orig"
  if [ "$name" = apple-applayer-example1 ]; then
    # Apple's example carries a .p12 its password ("password") does not
    # open; export rightly refuses it. The test identity replaces it.
    python3 - "$orig" "$APPVPN_SRC/tests/data/id.p12" <<'PY'
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
for x in p['PayloadContent']:
    if x['PayloadType'] == 'com.apple.security.pkcs12':
        x['PayloadContent'] = open(sys.argv[2], 'rb').read()
        x['Password'] = 'p12-pass'
plistlib.dump(p, open(sys.argv[1], 'wb'))
PY
  fi
  run import "$orig" -o "$dir/c.yaml"
  expect_rc 0 "import $name"
  cp "$T/err" "$dir/warnings"
  run export "$dir/c.yaml" -o "$dir/out.mobileconfig"
  expect_rc 0 "export $name"
  [ -s "$dir/out.mobileconfig" ] || continue
  profiles=$((profiles + 1))
  if python3 "$cmp_py" "$orig" "$dir/out.mobileconfig" "$dir/warnings" >"$dir/cmp" 2>&1; then
    pass
  else
    fail "round trip $name: $(grep -v '^keys compared' "$dir/cmp")"
  fi
  n=$(sed -n 's/^keys compared: //p' "$dir/cmp")
  keys=$((keys + ${n:-0}))
  if python3 "$check" "$dir/out.mobileconfig" >"$dir/check" 2>&1; then pass; else fail "schema $name: $(cat "$dir/check")"; fi
  # Binary in, same configuration out.
  python3 -c 'import plistlib,sys; plistlib.dump(plistlib.load(open(sys.argv[1],"rb")), open(sys.argv[2],"wb"), fmt=plistlib.FMT_BINARY)' "$orig" "$dir/bin.plist"
  run import "$dir/bin.plist" -o "$dir/b.yaml"
  expect_rc 0 "import binary $name"
  same_file "$dir/c.yaml" "$dir/b.yaml" "binary import $name"
done

# Warnings name what cannot be kept, by its key.
w="$T/apple-applayer-example1/warnings"
grep -q 'warning: IPv4.OverridePrimary' "$w" && pass || fail "IPv4.OverridePrimary not named"
grep -q 'warning: VPN.AuthPassword: not kept' "$w" && pass || fail "hidden VPN.AuthPassword not named"
grep -q 'warning: Proxies: an empty dictionary' "$w" && pass || fail "empty Proxies not named"
w="$T/apple-appmapping-example1/warnings"
grep -q "VPN.AuthenticationMethod: 'password' is written back as 'Password'" "$w" && pass || fail "respelling not named"
grep -q 'VendorConfig.Group: an empty value' "$w" && pass || fail "empty Group not named"

# Typed vendor data: integer vs quoted text, reals, booleans, dates, nesting.
y="$T/vpn-password-certificate/c.yaml"
grep -q '^  AllowPortalProfile: 0$' "$y" && pass || fail "integer VendorConfig: $(cat "$y")"
grep -q '^  Numeric: "0042"$' "$y" && pass || fail "string VendorConfig"
grep -q '^  Timeout: 2.5$' "$y" && pass || fail "real VendorConfig"
grep -q '^  NotBefore: 2026-01-01T08:00:00Z$' "$y" && pass || fail "date VendorConfig"

# The comparison itself fails when it should: a changed type, a dropped key.
d="$T/custom-typed"
python3 - "$d/out.mobileconfig" "$d/bad.plist" <<'PY'
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
v = p['PayloadContent'][0]
v['VendorConfig']['Port'] = '443'
del v['VPN']['ProviderType']
plistlib.dump(p, open(sys.argv[2], 'wb'))
PY
if python3 "$cmp_py" "$d/original.plist" "$d/bad.plist" "$d/warnings" >"$d/cmp2"; then
  fail "compare accepted a changed profile"
else
  grep -q 'VendorConfig.Port: integer became string' "$d/cmp2" && pass || fail "type change: $(cat "$d/cmp2")"
  grep -q 'VPN.ProviderType: dropped without a warning' "$d/cmp2" && pass || fail "drop: $(cat "$d/cmp2")"
fi

echo "round trip: $profiles profiles, $keys keys compared"
finish
