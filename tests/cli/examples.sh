#!/usr/bin/env bash
# Every bundled example validates, shows, exports (XML and binary), and a
# load -> save of it is byte-identical.
. "$(dirname "$0")/lib.bash"

for f in "$EX"/*.yaml; do
  name=$(basename "$f" .yaml)
  run validate "$f"
  expect_rc 0 "validate $name"
  expect_out "valid" "validate $name"

  cp -r "$EX" "$T/ex-$name"
  copy="$T/ex-$name/$name.yaml"
  run export "$copy" -o "$T/$name.mobileconfig"
  expect_rc 0 "export $name"
  if head -c 200 "$T/$name.mobileconfig" | grep -q '<plist version="1.0">'; then pass; else fail "export $name: not an XML plist"; fi
  grep -q "<string>com.apple.vpn.managed.applayer</string>" "$T/$name.mobileconfig" && pass || fail "export $name: no applayer payload"
  python3 - "$T/$name.mobileconfig" "$name" <<'PY' || fail "export $name: plistlib check"
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
assert p['PayloadType'] == 'Configuration', p['PayloadType']
assert p['PayloadVersion'] == 1
pl = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer']
assert len(pl) == 1
vpn = pl[0]
assert vpn['VPNUUID'] and vpn['PayloadUUID'] != p['PayloadUUID']
assert vpn['VPNType'] in ('VPN', 'IPSec', 'IKEv2')
PY

  run export "$copy" -o "$T/$name.bin.mobileconfig" --format binary
  expect_rc 0 "export --format binary $name"
  if [ "$(head -c 8 "$T/$name.bin.mobileconfig")" = "bplist00" ]; then pass; else fail "binary export $name: no bplist00 magic"; fi

  # Exports are deterministic: UUIDs are kept, nothing depends on the clock.
  run export "$copy" -o "$T/$name.again.mobileconfig"
  same_file "$T/$name.mobileconfig" "$T/$name.again.mobileconfig" "export $name twice"

  run show "$copy"
  expect_rc 0 "show $name"
  expect_out "No problems|^0 errors" "show $name"

  # load -> save: `set` with the value the file already has rewrites the file.
  cur=$(sed -n 's/^name: //p' "$copy")
  run set "$copy" "name=$cur"
  expect_rc 0 "set (no change) $name"
  same_file "$f" "$copy" "load->save $name"
done
finish
