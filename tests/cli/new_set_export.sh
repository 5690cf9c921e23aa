#!/usr/bin/env bash
# new / set / export from the command line, for every connection type.
. "$(dirname "$0")/lib.bash"

types=$("$APPVPN" types | awk '{print $1}')
[ "$(echo "$types" | wc -l)" -eq 13 ] && pass || fail "appvpn types lists $(echo "$types" | wc -l) types, expected 13"

for t in $types; do
  f="$T/$t.yaml"
  sets=(--set "name=Test $t" --set server=vpn.example.com --set 'apps=[com.example.app]'
        --set credential.uuid=11111111-2222-4333-8444-555555555555)
  case $t in
    custom-ssl) sets+=(--set subtype=com.example.custom) ;;
    ikev2) sets+=(--set local_id=client.example.com --set remote_id=vpn.example.com) ;;
  esac
  run new "$t" -o "$f" "${sets[@]}"
  expect_rc 0 "new $t"
  grep -q "^type: $t\$" "$f" && pass || fail "new $t: no type line"
  grep -Eq '^  vpn: [0-9A-F-]{36}$' "$f" && pass || fail "new $t: no uuid.vpn"
  run validate "$f"
  expect_rc 0 "validate new $t"
  run export "$f" -o "$T/$t.mobileconfig"
  expect_rc 0 "export new $t"
  # UUIDs never change across saves and exports.
  vpnuuid=$(sed -n 's/^  vpn: //p' "$f")
  run set "$f" "description=changed"
  expect_rc 0 "set description $t"
  [ "$(sed -n 's/^  vpn: //p' "$f")" = "$vpnuuid" ] && pass || fail "set changed uuid.vpn ($t)"
  grep -q "<string>$vpnuuid</string>" "$T/$t.mobileconfig" && pass || fail "VPNUUID not in export ($t)"
done

# new refuses to replace a file, --force replaces it.
run new ipsec -o "$T/ipsec.yaml"
expect_rc 3 "new over an existing file"
expect_err "exists" "new over an existing file"
run new ipsec -o "$T/ipsec.yaml" --force --set server=x.example.com
expect_rc 0 "new --force"

# set is all or nothing: one bad value leaves the file untouched.
f="$T/cisco-anyconnect.yaml"
cp "$f" "$T/before.yaml"
run set "$f" server=other.example.com proxy.setup=manual proxy.port=notanumber
[ "$rc" -ne 0 ] && pass || fail "set with a bad integer succeeded"
same_file "$T/before.yaml" "$f" "failed set leaves the file"

# Proxy manual with a password: file becomes 0600; values reach the export.
run set "$f" proxy.setup=manual proxy.server=proxy.example.com proxy.port=8080 \
  'proxy.username=${userUID}' proxy.password=s3cret
expect_rc 0 "set proxy"
[ "$(stat -c %a "$f")" = 600 ] && pass || fail "file with a password is $(stat -c %a "$f"), expected 600"
run export "$f" -o "$T/proxy.mobileconfig"
expect_rc 0 "export proxy"
[ "$(stat -c %a "$T/proxy.mobileconfig")" = 600 ] && pass || fail "profile with a password is not 0600"
python3 - "$T/proxy.mobileconfig" <<'PY' || fail "proxy keys"
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
v = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer'][0]
px = v['Proxies']
assert px['HTTPEnable'] == 1 and px['HTTPSEnable'] == 1, px
assert px['HTTPProxy'] == 'proxy.example.com' and px['HTTPSProxy'] == 'proxy.example.com'
assert px['HTTPPort'] == 8080 and px['HTTPSPort'] == 8080
assert px['HTTPProxyUsername'] == '${userUID}'
assert px['HTTPProxyPassword'] == 's3cret'
assert v['VPN']['RemoteAddress'] == 'other.example.com' or v['VPN']['RemoteAddress'] == 'vpn.example.com'
PY

# --var substitutes; a variable in an integer field must be resolved.
run set "$f" 'proxy.port=${proxyPort}'
expect_rc 0 "set a variable into an integer field"
run export "$f" -o "$T/var.mobileconfig"
expect_rc 1 "export with an unresolved integer variable"
expect_err "proxyPort" "unresolved integer variable named"
[ -e "$T/var.mobileconfig" ] && fail "unresolved variable: file written" || pass
run export "$f" --var proxyPort=3128 --var userUID=alice@example.com -o "$T/var.mobileconfig"
expect_rc 0 "export --var"
grep -q "<integer>3128</integer>" "$T/var.mobileconfig" && pass || fail "--var did not resolve the port"
grep -q "alice@example.com" "$T/var.mobileconfig" && pass || fail "--var did not substitute userUID"

# Export to stdout and --payload-only.
run export "$EX/juniper-ssl.yaml" --payload-only
expect_rc 0 "export --payload-only"
python3 - "$T/out" <<'PY' || fail "payload-only shape"
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
assert p['PayloadType'] == 'com.apple.vpn.managed.applayer', p.get('PayloadType')
assert 'PayloadContent' not in p
PY

# IKEv2: a Certificate Type needs the server certificate's issuer (Apple).
cp "$EX/ikev2.yaml" "$T/ike.yaml"
run set "$T/ike.yaml" server_cert_issuer=
expect_err "error: Server Certificate Issuer is required \[server_cert_issuer\]" "issuer required with a certificate type"
run export "$T/ike.yaml" -o "$T/ike.mobileconfig"
expect_rc 1 "ikev2 export without the issuer"
run set "$T/ike.yaml" certificate_type=
run export "$T/ike.yaml" -o "$T/ike.mobileconfig"
expect_rc 0 "ikev2 export with neither"
grep -q CertificateType "$T/ike.mobileconfig" && fail "CertificateType written though unset" || pass

# A bare payload cannot carry the .p12: say so, with the UUID it must have.
run export "$EX/cisco-anyconnect.yaml" --payload-only
expect_rc 0 "payload-only with an embedded identity"
expect_err "warning: certs/sales\.p12 is not included in a bare payload.*PayloadUUID [0-9A-F-]{36}" "payload-only warns about the .p12"

# Unknown variable: a warning, not silently accepted.
run set "$f" 'account=${userUIDD}'
expect_err "warning: .*userUIDD" "unknown variable warned"
finish
