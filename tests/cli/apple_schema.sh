#!/usr/bin/env bash
# Exported profiles satisfy Apple's payload schemas (tests/schema/apple): every
# key known, of the right plist type, in range; required keys present.
. "$(dirname "$0")/lib.bash"
check="$APPVPN_SRC/tests/schema/check_profile.py"

cp -r "$EX" "$T/ex"
for f in "$T"/ex/*.yaml; do
  name=$(basename "$f" .yaml)
  run export "$f" -o "$T/$name.mobileconfig"
  expect_rc 0 "export $name"
  if python3 "$check" "$T/$name.mobileconfig" >"$T/check" 2>&1; then pass; else fail "schema $name: $(cat "$T/check")"; fi
  run export "$f" --format binary -o "$T/$name.bin"
  if python3 "$check" "$T/$name.bin" >"$T/check" 2>&1; then pass; else fail "schema binary $name: $(cat "$T/check")"; fi
  run export "$f" --payload-only -o "$T/$name.payload"
  if python3 "$check" "$T/$name.payload" --payload-only >"$T/check" 2>&1; then pass; else fail "schema payload $name: $(cat "$T/check")"; fi
done

# The checker itself catches what it should: a boolean where Apple wants 0/1,
# an unknown key, a value outside a rangelist, a missing required key.
python3 - "$T/cisco-anyconnect.mobileconfig" "$T" <<'PY'
import plistlib, sys, copy
src = plistlib.load(open(sys.argv[1], 'rb'))
def mutate(name, fn):
    p = copy.deepcopy(src)
    fn([x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer'][0])
    plistlib.dump(p, open(f"{sys.argv[2]}/bad-{name}.plist", 'wb'))
mutate('bool', lambda v: v['VPN'].__setitem__('OnDemandEnabled', True))
mutate('unknown', lambda v: v.__setitem__('SafariDomain', ['x']))
mutate('range', lambda v: v['VPN']['OnDemandRules'][0].__setitem__('Action', 'Connnect'))
mutate('required', lambda v: v.__delitem__('VPNUUID'))
PY
python3 - "$T/cisco-anyconnect.mobileconfig" "$T" <<'PY2'
import plistlib, sys
ike = plistlib.load(open(f"{sys.argv[2]}/ikev2.mobileconfig", 'rb'))
v = [x for x in ike['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer'][0]
del v['IKEv2']['ServerCertificateIssuerCommonName']
plistlib.dump(ike, open(f"{sys.argv[2]}/bad-issuer.plist", 'wb'))
PY2
for m in bool unknown range required issuer; do
  if python3 "$check" "$T/bad-$m.plist" >/dev/null 2>&1; then fail "checker accepted a profile with a $m fault"; else pass; fi
done
finish
