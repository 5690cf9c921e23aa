#!/usr/bin/env bash
# Bundles: several configurations exported as one profile (schema-checked),
# imported back into one file each that exports what the original exported;
# a .p12 two configurations share is one credential payload; conflicts are
# refused with nothing written; binary and signed bundles.
. "$(dirname "$0")/lib.bash"
check="$APPVPN_SRC/tests/schema/check_profile.py"

cp -r "$EX"/. "$T/"
cd "$T" || exit 3
three="cisco-anyconnect.yaml f5-ssl.yaml ipsec.yaml"
# shellcheck disable=SC2086
run export $three -o b.mobileconfig --identifier com.example.bundle --name "Example VPNs"
expect_rc 0 "export of three configurations as one bundle"
python3 "$check" b.mobileconfig --bundle 3 >chk 2>&1 && pass || fail "schema: $(cat chk)"
python3 - b.mobileconfig >shape <<'PY'
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
print(p['PayloadIdentifier'], p['PayloadDisplayName'], p['PayloadType'])
print(' '.join(x['PayloadType'].rsplit('.', 1)[-1] for x in p['PayloadContent']))
PY
grep -q '^com.example.bundle Example VPNs Configuration$' shape && pass || fail "identity: $(cat shape)"
grep -q '^applayer pkcs12 applayer applayer$' shape && pass || fail "payloads in order: $(cat shape)"
# the same bytes every time (a device replaces a profile only when it changed)
# shellcheck disable=SC2086
"$APPVPN" -q export $three -o b2.mobileconfig --identifier com.example.bundle --name "Example VPNs"
same_file b.mobileconfig b2.mobileconfig "a bundle exports the same bytes twice"
# defaults: the first configuration's identifier + .bundle, the names joined
# shellcheck disable=SC2086
run export $three -o d.mobileconfig
python3 -c "import plistlib,sys; p=plistlib.load(open('d.mobileconfig','rb')); print(p['PayloadIdentifier'])" >ident
grep -q '^com\.example\.vpn\.sales\.bundle$' ident && pass || fail "default identifier: $(cat ident)"

# import: one configuration per payload into a directory
mkdir in
run import b.mobileconfig -o in/
expect_rc 0 "import of a bundle into a directory"
expect_out 'in/sales-anyconnect\.yaml: written' "names from the VPN's display name"
if grep -q 'error' "$T/err"; then fail "errors reported for the imported files: $(cat "$T/err")"; else pass; fi
[ "$(ls in/*.yaml | wc -l)" = 3 ] && pass || fail "three configurations: $(ls in)"
cmp -s in/sales.p12 certs/sales.p12 && pass || fail "the .p12 extracted"
# each exports what the original exported alone, but for the profile UUID
# (the original's was the bundle's; an imported one gets its own, stable)
for pair in cisco-anyconnect:sales-anyconnect f5-ssl:hr-f5-access ipsec:field-service-ipsec; do
  o=${pair%%:*} i=${pair#*:}
  "$APPVPN" -q export "$o.yaml" -o "$o.alone" 2>/dev/null
  "$APPVPN" -q export "in/$i.yaml" -o "$i.again" 2>/dev/null
  python3 - "$o.alone" "$i.again" <<'PY' && pass || fail "$i exports as $o did"
import plistlib, sys
a, b = (plistlib.load(open(f, 'rb')) for f in sys.argv[1:3])
a.pop('PayloadUUID'); b.pop('PayloadUUID')
sys.exit(0 if a == b else 1)
PY
done
grep -q "^  vpn: $(sed -n 's/^  vpn: //p' cisco-anyconnect.yaml)\$" in/sales-anyconnect.yaml &&
  pass || fail "uuid.vpn kept (the apps stay bound)"
mkdir again
"$APPVPN" -q import b.mobileconfig -o again/
same_file in/hr-f5-access.yaml again/hr-f5-access.yaml "a second import gives the same files (stable profile UUIDs)"
run import b.mobileconfig -o one.yaml
expect_rc 2 "a bundle into one file"
expect_err 'holds 3 configurations; give a directory' "says to give a directory"
[ ! -e one.yaml ] && pass || fail "nothing written"
run import b.mobileconfig -o in/
expect_rc 3 "import over existing files"
expect_err 'exists; use --force' "says so"
run import b.mobileconfig -o nodir/
expect_rc 3 "a directory that is not there"

# all or nothing: a later configuration failing (a different sales.p12 in
# the way) takes back the ones written before it
"$APPVPN" -q export f5-ssl.yaml cisco-anyconnect.yaml -o fc.mobileconfig
mkdir clash && echo "another identity" >clash/sales.p12
run import fc.mobileconfig -o clash/
expect_rc 3 "a .p12 in the way"
expect_err 'not writing clash/sales\.p12: it exists' "names the file in the way"
expect_err 'nothing written' "says nothing was written"
[ "$(ls clash)" = sales.p12 ] && pass || fail "the first configuration was taken back: $(ls clash)"
grep -q 'another identity' clash/sales.p12 && pass || fail "the file in the way is kept"

# show and diff of a bundle: each VPN
run show b.mobileconfig
expect_rc 0 "show of a bundle"
expect_out 'Sales AnyConnect' "show lists the first VPN"
expect_out 'Field Service IPsec' "and the last"
run diff b.mobileconfig b2.mobileconfig
expect_rc 0 "diff of two equal bundles"

# a shared .p12: one credential payload
sed -e 's/^name: .*/name: Sales Two/' -e 's/^identifier: .*/identifier: com.example.vpn.sales2/' \
  -e '/^uuid:/,/^[a-z]/{s/: \(........\)-/: 0000000A-/}' -e 's/com.salesforce.chatter/com.example.two/' \
  -e 's/com.example.crm/com.example.three/' cisco-anyconnect.yaml >sales2.yaml
run export cisco-anyconnect.yaml sales2.yaml -o shared.mobileconfig
expect_rc 0 "two configurations with one .p12"
python3 - shared.mobileconfig >creds <<'PY'
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
c = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.security.pkcs12']
refs = [x['VPN'].get('PayloadCertificateUUID') for x in p['PayloadContent'] if x['PayloadType'].endswith('applayer')]
print(len(c), all(r == c[0]['PayloadUUID'] for r in refs), len(refs))
PY
grep -q '^1 True 2$' creds && pass || fail "one credential payload both use: $(cat creds)"
python3 "$check" shared.mobileconfig --bundle 2 >chk 2>&1 && pass || fail "schema (shared): $(cat chk)"
mkdir sh
run import shared.mobileconfig -o sh/
expect_rc 0 "import of the shared-credential bundle"
grep -q '^  file: sales.p12$' sh/sales-two.yaml && pass || fail "both use the one .p12"

# conflicts: named, refused, nothing written
sed 's/^identifier: .*/identifier: com.example.vpn.other/' cisco-anyconnect.yaml |
  sed '/^apps:/,$d' >samevpn.yaml
run export cisco-anyconnect.yaml samevpn.yaml -o c1.mobileconfig
expect_rc 1 "the same VPN UUID twice"
expect_err 'cisco-anyconnect\.yaml and samevpn\.yaml have the same VPN UUID' "names both files"
[ ! -e c1.mobileconfig ] && pass || fail "nothing written (VPN UUID)"
sed -e '/^uuid:/,/^[a-z]/{s/: \(........\)-/: 0000000B-/}' -e 's/com.salesforce.chatter/com.example.x/' \
  -e 's/com.example.crm/com.example.y/' cisco-anyconnect.yaml >sameid.yaml
run export cisco-anyconnect.yaml sameid.yaml -o c2.mobileconfig
expect_rc 1 "the same payload identifier twice"
expect_err 'cisco-anyconnect\.yaml and sameid\.yaml have the same payload identifier com\.example\.vpn\.sales\.vpn' "names both files and the identifier"
[ ! -e c2.mobileconfig ] && pass || fail "nothing written (identifier)"
sed 's/com.example.three/com.example.hr/' sales2.yaml >sameapp.yaml
run export f5-ssl.yaml sameapp.yaml -o c3.mobileconfig
expect_rc 1 "an app bound to two VPNs"
expect_err 'f5-ssl\.yaml and sameapp\.yaml both bind the app com\.example\.hr' "names both files and the app"
[ ! -e c3.mobileconfig ] && pass || fail "nothing written (app)"
run export cisco-anyconnect.yaml f5-ssl.yaml --users users.csv -o dir
expect_rc 2 "a bundle with --users"

# binary and signed
# shellcheck disable=SC2086
run export $three --format binary -o b.bin --identifier com.example.bundle --name "Example VPNs"
expect_rc 0 "binary bundle"
head -c 8 b.bin | grep -q bplist00 && pass || fail "binary plist"
python3 "$check" b.bin --bundle 3 >chk 2>&1 && pass || fail "schema (binary): $(cat chk)"
if command -v openssl >/dev/null; then
  export OPENSSL_CONF=/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=appvpn Test CA" 2>/dev/null
  # shellcheck disable=SC2086
  run export $three -o s.mobileconfig --sign-cert ca.pem --sign-key ca.key --identifier com.example.bundle --name "Example VPNs"
  expect_rc 0 "signed bundle"
  openssl cms -verify -inform DER -in s.mobileconfig -CAfile ca.pem -out s.content 2>/dev/null &&
    pass || fail "openssl cms -verify accepts the signed bundle"
  same_file s.content b.mobileconfig "the signed content is the bundle"
  # two different credentials under one credential UUID
  openssl req -x509 -newkey rsa:2048 -nodes -keyout o.key -out o.pem -days 30 -subj "/CN=Other" 2>/dev/null
  openssl pkcs12 -export -in o.pem -inkey o.key -out certs/other.p12 -passout pass:example 2>/dev/null
  cred=$(sed -n 's/^  credential: //p' cisco-anyconnect.yaml)
  sed -e 's|certs/sales.p12|certs/other.p12|' -e "/^uuid:/,/^[a-z]/{s/^  credential: .*/  credential: $cred/}" sales2.yaml >othercred.yaml
  run export cisco-anyconnect.yaml othercred.yaml -o c4.mobileconfig
  expect_rc 1 "two credentials with one UUID"
  expect_err 'cisco-anyconnect\.yaml and othercred\.yaml embed different credentials with the same UUID' "names both files"
  [ ! -e c4.mobileconfig ] && pass || fail "nothing written (credential UUID)"
  mkdir sin
  run import s.mobileconfig -o sin/ --ca ca.pem
  expect_rc 0 "import of a signed bundle"
  [ "$(ls sin/*.yaml | wc -l)" = 3 ] && pass || fail "three from the signed bundle"
fi
finish
