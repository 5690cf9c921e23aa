#!/usr/bin/env bash
# import: a profile read back through the descriptors. Every example's export,
# imported and exported again, is the same profile byte for byte.
. "$(dirname "$0")/lib.bash"

cp -r "$EX" "$T/ex"
for f in "$T"/ex/*.yaml; do
  n=$(basename "$f" .yaml)
  for fmt in xml binary; do
    run export "$f" --format "$fmt" -o "$T/$n.$fmt.a"
    expect_rc 0 "export $n ($fmt)"
    mkdir -p "$T/in-$n-$fmt"
    run import "$T/$n.$fmt.a" -o "$T/in-$n-$fmt/$n.yaml"
    expect_rc 0 "import $n ($fmt)"
    run export "$T/in-$n-$fmt/$n.yaml" --format "$fmt" -o "$T/$n.$fmt.b"
    expect_rc 0 "export of the imported $n ($fmt)"
    same_file "$T/$n.$fmt.a" "$T/$n.$fmt.b" "round trip $n ($fmt)"
  done
  grep -q "^type: $n\$" "$T/in-$n-xml/$n.yaml" && pass || fail "import $n: type not detected"
done

# The embedded identity comes back as a file beside the configuration, 0600.
d="$T/in-cisco-anyconnect-xml"
cmp -s "$d/sales.p12" "$EX/certs/sales.p12" && pass || fail "extracted .p12 differs"
[ "$(stat -c %a "$d/sales.p12")" = 600 ] && pass || fail "extracted .p12 is not 0600"
grep -q "^  file: sales.p12$" "$d/cisco-anyconnect.yaml" && pass || fail "credential.file not set"
grep -q "^  password: example$" "$d/cisco-anyconnect.yaml" && pass || fail "p12 password not set"
# Switches no profile key carries are set from what was found.
grep -q "^  setup: manual$" "$d/cisco-anyconnect.yaml" && pass || fail "proxy.setup not revealed"
grep -q "^  kind: dnn$" "$d/cisco-anyconnect.yaml" && pass || fail "slicing kind from CellularSliceUUID"

# A foreign profile: a legacy AnyConnect subtype, an unknown vendor, keys
# appvpn has no setting for.
python3 - "$T/cisco-anyconnect.xml.a" "$T" <<'PY'
import plistlib, sys, copy
p = plistlib.load(open(sys.argv[1], 'rb'))
v = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer'][0]
legacy = copy.deepcopy(p)
lv = [x for x in legacy['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer'][0]
lv['VPNSubType'] = 'com.cisco.anyconnect.applevpn.plugin'
lv['VPN']['IncludeAllNetworks'] = 1
legacy['PayloadRemovalDisallowed'] = True
plistlib.dump(legacy, open(f"{sys.argv[2]}/legacy.mobileconfig", 'wb'))
other = copy.deepcopy(p)
ov = [x for x in other['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer'][0]
ov['VPNSubType'] = 'com.vendor.unknown.vpn'
plistlib.dump(other, open(f"{sys.argv[2]}/other.mobileconfig", 'wb'))
none = copy.deepcopy(p)
none['PayloadContent'] = [x for x in none['PayloadContent'] if x['PayloadType'] != 'com.apple.vpn.managed.applayer']
plistlib.dump(none, open(f"{sys.argv[2]}/none.mobileconfig", 'wb'))
PY
run import "$T/legacy.mobileconfig" -o "$T/legacy.yaml"
expect_rc 0 "import legacy subtype"
grep -q "^type: cisco-anyconnect$" "$T/legacy.yaml" && pass || fail "legacy subtype not cisco-anyconnect"
grep -q "^subtype: com.cisco.anyconnect.applevpn.plugin$" "$T/legacy.yaml" && pass || fail "legacy subtype kept"
expect_err "warning: VPN.IncludeAllNetworks: appvpn has no setting for this key; not imported" "unknown key named"
expect_err "warning: PayloadRemovalDisallowed: appvpn has no setting" "unknown outer key named"
run import "$T/other.mobileconfig" -o "$T/other.yaml"
expect_rc 0 "import unknown vendor"
grep -q "^type: custom-ssl$" "$T/other.yaml" && pass || fail "unknown vendor not custom-ssl"

# Refusals: nothing written.
run import "$T/none.mobileconfig" -o "$T/none.yaml"
expect_rc 1 "profile without a per-app VPN payload"
expect_err "no per-app VPN payload" "no payload message"
[ -e "$T/none.yaml" ] && fail "none.yaml written" || pass
printf 'not a plist' > "$T/junk.mobileconfig"
run import "$T/junk.mobileconfig" -o "$T/junk.yaml"
expect_rc 1 "junk"
expect_err "not a property list" "junk message"
head -c 300 "$T/cisco-anyconnect.xml.a" > "$T/truncated.mobileconfig"
run import "$T/truncated.mobileconfig" -o "$T/truncated.yaml"
expect_rc 1 "truncated profile"
[ -e "$T/truncated.yaml" ] && fail "truncated.yaml written" || pass
run import "$T/cisco-anyconnect.xml.a" -o "$T/legacy.yaml"
expect_rc 3 "import over an existing file"
run import "$T/missing.mobileconfig" -o "$T/m.yaml"
expect_rc 3 "missing input"
# Into another directory: the .p12 lands beside the configuration and the
# saved file is checked from there (no "cannot read certificate file").
"$APPVPN" export "$EX/cisco-anyconnect.yaml" -o "$T/elsewhere.mobileconfig" 2>/dev/null
mkdir -p "$T/elsewhere/sub"
(cd "$T/elsewhere" && "$APPVPN" import ../elsewhere.mobileconfig -o sub/x.yaml) >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "import -o sub/x.yaml"
[ -f "$T/elsewhere/sub/sales.p12" ] && pass || fail "the .p12 is not beside sub/x.yaml"
if grep -q "cannot read certificate" "$T/err"; then fail "import into sub/: $(cat "$T/err")"; else pass; fi
finish
