#!/usr/bin/env bash
# Target systems and the macOS app mapping: export/validate --target warn
# about what a target does not support (--strict refuses, writing nothing);
# the `targets` setting does the same; macOS adds a schema-valid app mapping
# payload, one per bundle, that import reads back.
. "$(dirname "$0")/lib.bash"
check="$APPVPN_SRC/tests/schema/check_profile.py"

cp -r "$EX"/. "$T/"
cd "$T" || exit 3

# watchOS has IKEv2 only
run export cisco-anyconnect.yaml --target watchos --strict -o w.mobileconfig
expect_rc 1 "--target watchos --strict with a non-IKEv2 type"
expect_err 'cisco-anyconnect\.yaml:[0-9]+:[0-9]+: error: the connection type cisco-anyconnect is not supported on watchOS' "names the type, at its line"
expect_err 'does not suit the target; nothing written' "says nothing was written"
[ ! -e w.mobileconfig ] && pass || fail "nothing written under --strict"
run export cisco-anyconnect.yaml --target watchos -o w.mobileconfig
expect_rc 0 "without --strict: exported"
expect_err 'warning: the connection type cisco-anyconnect is not supported on watchOS' "a warning"
[ -s w.mobileconfig ] && pass || fail "written without --strict"
# a version: slicing needs a later iOS than the target
run export cisco-anyconnect.yaml --target ios:17 -o /dev/null
expect_rc 0 "ios:17"
expect_err 'slicing\.value \(Slice Value\) needs iOS 18\.0; the target is iOS 17' "slicing before its iOS"
run export cisco-anyconnect.yaml --target ios:18 -o /dev/null
expect_rc 0 "ios:18"
if grep -q 'needs iOS' err 2>/dev/null || grep -q 'needs iOS' "$T/err"; then fail "ios:18 warned: $(cat "$T/err")"; else pass; fi
# IKEv2 on watchOS: the type is fine, Safari domains are not
run export ikev2.yaml --target watchos --strict -o /dev/null
expect_rc 1 "IKEv2 with Safari domains on watchOS, strict"
expect_err 'domains\.safari \(Safari Domains\) is not supported on watchOS' "names the setting"
if grep -q 'connection type' "$T/err"; then fail "IKEv2 refused on watchOS"; else pass; fi
"$APPVPN" -q set ikev2.yaml domains.safari=
run export ikev2.yaml --target watchos --strict -o watch.mobileconfig
expect_rc 0 "IKEv2 without what watchOS lacks, strict"
# comma lists and repeats, bad targets
run export ikev2.yaml --target ios:17,visionos --target macos -o /dev/null
expect_rc 0 "a comma list and a repeat"
run export ikev2.yaml --target tvos -o /dev/null
expect_rc 2 "an unknown target"
expect_err "'tvos' is not a target" "says so"
run export ikev2.yaml --target ios:x -o /dev/null
expect_rc 2 "a bad version"
# validate --target, and the targets setting
run validate --target watchos cisco-anyconnect.yaml
expect_rc 0 "validate --target warns"
expect_out 'valid \(0 errors, [1-9][0-9]* warnings?\)' "counted as warnings"
run validate --target watchos --strict cisco-anyconnect.yaml
expect_rc 1 "validate --target --strict"
"$APPVPN" -q set cisco-anyconnect.yaml 'targets=[watchos]'
run export cisco-anyconnect.yaml -o /dev/null --strict
expect_rc 1 "the targets setting, strict"
run export cisco-anyconnect.yaml -o /dev/null --target ios --strict
expect_rc 0 "--target overrides the setting"
"$APPVPN" -q set cisco-anyconnect.yaml 'targets=[beos]'
run validate cisco-anyconnect.yaml
expect_rc 1 "a bad targets entry is an error"
expect_err "cisco-anyconnect\.yaml:[0-9]+:[0-9]+: error: targets\[0\]: 'beos' is not a target" "at its line"
"$APPVPN" -q set cisco-anyconnect.yaml targets=

# macOS: the app mapping payload
dr='anchor apple generic and identifier "com.example.crm" and certificate leaf[subject.OU] = "ABCDE12345"'
"$APPVPN" -q set cisco-anyconnect.yaml "app_mapping[0].id=com.example.crm" \
  "app_mapping[0].designated_requirement=$dr" || fail "set app_mapping"
run export cisco-anyconnect.yaml --target macos -o mac.mobileconfig
expect_rc 0 "export for macOS"
expect_err 'com\.salesforce\.chatter has no designated requirement' "the app macOS cannot bind is named"
python3 "$check" mac.mobileconfig >chk 2>&1 && pass || fail "schema (app mapping): $(cat chk)"
python3 - mac.mobileconfig >map <<'PY'
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
vpn = [x for x in p['PayloadContent'] if x['PayloadType'].endswith('applayer')][0]['VPNUUID']
m = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.appmapping']
for e in m[0]['AppLayerVPNMapping']:
    print(len(m), e['Identifier'], e['SigningIdentifier'], e['VPNUUID'] == vpn, e['DesignatedRequirement'])
PY
grep -qxF "1 com.example.crm com.example.crm True $dr" map && pass || fail "one mapping entry: $(cat map)"
run export cisco-anyconnect.yaml --target ios -o ios.mobileconfig
grep -q appmapping ios.mobileconfig && fail "an app mapping for iOS" || pass
# read back: apps, app_mapping, targets; the same profile again
mkdir mi
run import mac.mobileconfig -o mi/sales.yaml
expect_rc 0 "import of a profile with an app mapping"
grep -q '^  - id: com.example.crm$' mi/sales.yaml && pass || fail "app_mapping read back: $(cat mi/sales.yaml)"
grep -q '^  - macos$' mi/sales.yaml && pass || fail "targets: macos read back"
cp certs/sales.p12 mi/ 2>/dev/null
run export mi/sales.yaml -o mac2.mobileconfig
expect_rc 0 "export of the imported one"
same_file mac.mobileconfig mac2.mobileconfig "the same profile with its app mapping"
# a bundle: one app mapping payload for every macOS configuration
"$APPVPN" -q set f5-ssl.yaml "app_mapping[0].id=com.example.hr" "app_mapping[0].designated_requirement=identifier com.example.hr"
run export cisco-anyconnect.yaml f5-ssl.yaml --target macos -o macb.mobileconfig
expect_rc 0 "bundle for macOS"
python3 "$check" macb.mobileconfig --bundle 2 >chk 2>&1 && pass || fail "schema (bundle mapping): $(cat chk)"
n=$(grep -c '<string>com.apple.vpn.managed.appmapping</string>' macb.mobileconfig)
[ "$n" = 1 ] && pass || fail "one app mapping payload in a bundle, not $n"
grep -c '<key>Identifier</key>' macb.mobileconfig | grep -qx 2 && pass || fail "both apps mapped"
mkdir mb
run import macb.mobileconfig -o mb/
expect_rc 0 "import of a macOS bundle"
grep -q 'designated_requirement: identifier com.example.hr' mb/hr-f5-access.yaml && pass ||
  fail "each configuration gets its own mapping entries"
if grep -q com.example.hr mb/sales-anyconnect.yaml; then fail "another VPN's app read into sales"; else pass; fi
finish
