#!/usr/bin/env bash
# Authentication per type, IKEv2 in full and the other applayer keys, from the
# command line: new --set … → export → the expected keys with Apple's plist
# types; every export passes Apple's schema (tests/schema/check_profile.py)
# and imports and exports again byte for byte.
. "$(dirname "$0")/lib.bash"
check="$APPVPN_SRC/tests/schema/check_profile.py"
cred=11111111-2222-4333-8444-555555555555

# scenario NAME TYPE PYTHON-ASSERTIONS [--set K=V]...: makes, exports, checks,
# round-trips. The assertions see `v` (the applayer payload) and `p` (the profile).
scenario() {
  local name=$1 type=$2 py=$3
  shift 3
  local f="$T/$name.yaml"
  run new "$type" -o "$f" --set "name=Test $name" --set server=vpn.example.com "$@"
  expect_rc 0 "new $name"
  run export "$f" -o "$T/$name.mobileconfig"
  expect_rc 0 "export $name"
  [ -f "$T/$name.mobileconfig" ] || return
  if python3 "$check" "$T/$name.mobileconfig" >"$T/check" 2>&1; then pass; else fail "schema $name: $(cat "$T/check")"; fi
  if python3 - "$T/$name.mobileconfig" >"$T/py" 2>&1 <<PY; then pass; else fail "keys $name: $(cat "$T/py")"; fi
import plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
v = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.vpn.managed.applayer'][0]
def want(d, path, value, typ=None):
    for k in path.split('.')[:-1]:
        d = d[k]
    got = d[path.split('.')[-1]]
    assert got == value, f"{path} = {got!r}, expected {value!r}"
    if typ is not None:
        assert type(got) is typ, f"{path} is {type(got).__name__}, expected {typ.__name__}"
def absent(d, path):
    for k in path.split('.')[:-1]:
        if k not in d:
            return
        d = d[k]
    assert path.split('.')[-1] not in d, f"{path} is written"
$py
PY
  mkdir -p "$T/in-$name"
  run import "$T/$name.mobileconfig" -o "$T/in-$name/$name.yaml"
  expect_rc 0 "import $name"
  run export "$T/in-$name/$name.yaml" -o "$T/$name.again"
  expect_rc 0 "export of the imported $name"
  same_file "$T/$name.mobileconfig" "$T/$name.again" "round trip $name"
}

# ---- vendor types (VPN dictionary) ----------------------------------------
scenario vpn-cert cisco-anyconnect "
want(v, 'VPN.AuthenticationMethod', 'Certificate', str)
want(v, 'VPN.PayloadCertificateUUID', '$cred', str)
absent(v, 'VPN.AuthPassword')
absent(v, 'VPN.ProviderType'); absent(v, 'OnDemandMatchAppEnabled')
want(v, 'UserDefinedName', 'Test vpn-cert', str)" --set "credential.uuid=$cred"
scenario vpn-password cisco-anyconnect "
want(v, 'VPN.AuthenticationMethod', 'Password', str)
want(v, 'VPN.AuthName', 'alice', str)
want(v, 'VPN.AuthPassword', 'pa55', str)
absent(v, 'VPN.PayloadCertificateUUID')" --set authentication=password --set account=alice --set password=pa55
[ "$(stat -c %a "$T/vpn-password.yaml")" = 600 ] && pass || fail "a stored VPN password leaves the file $(stat -c %a "$T/vpn-password.yaml")"
scenario vpn-password-asked juniper-ssl "
want(v, 'VPN.AuthenticationMethod', 'Password', str)
absent(v, 'VPN.AuthPassword')" --set authentication=password --set 'account=${userUID}'
scenario vpn-both globalprotect "
want(v, 'VPN.AuthenticationMethod', 'Password+Certificate', str)
want(v, 'VPN.PayloadCertificateUUID', '$cred', str)
want(v, 'VPN.AuthPassword', 's3', str)" --set authentication=password-certificate --set "credential.uuid=$cred" --set password=s3
# a password method needs no certificate; a certificate method does
run new sonicwall -o "$T/nocert.yaml" --set name=x --set server=vpn.example.com --set authentication=password
expect_rc 0 "password authentication without a credential"
run validate "$T/nocert.yaml"
expect_rc 0 "validate password authentication without a credential"
run set "$T/nocert.yaml" authentication=certificate
run validate "$T/nocert.yaml"
expect_rc 1 "certificate authentication without a credential"
expect_err "Credential" "the missing credential is named"

# ---- IPsec ------------------------------------------------------------------
scenario ipsec-cert ipsec "
want(v, 'IPSec.AuthenticationMethod', 'Certificate', str)
want(v, 'IPSec.PayloadCertificateUUID', '$cred', str)
want(v, 'IPSec.PromptForVPNPIN', False, bool)
absent(v, 'IPSec.LocalIdentifier'); absent(v, 'IPSec.SharedSecret')" --set "credential.uuid=$cred"
scenario ipsec-secret ipsec "
want(v, 'IPSec.AuthenticationMethod', 'SharedSecret', str)
want(v, 'IPSec.LocalIdentifier', 'Sales', str)
want(v, 'IPSec.LocalIdentifierType', 'KeyID', str)
want(v, 'IPSec.SharedSecret', b'group-secret', bytes)
absent(v, 'IPSec.PayloadCertificateUUID')
want(v, 'IPSec.XAuthName', 'alice', str)
want(v, 'IPSec.XAuthEnabled', 1, int)
want(v, 'IPSec.XAuthPassword', 'xpw', str)" --set authentication=shared-secret --set group=Sales \
  --set shared_secret=group-secret --set account=alice --set xauth.password=xpw
[ "$(stat -c %a "$T/ipsec-secret.yaml")" = 600 ] && pass || fail "a shared secret leaves the file $(stat -c %a "$T/ipsec-secret.yaml")"
scenario ipsec-hybrid ipsec "
want(v, 'IPSec.AuthenticationMethod', 'SharedSecret', str)
want(v, 'IPSec.LocalIdentifier', 'Sales[hybrid]', str)
want(v, 'IPSec.LocalIdentifierType', 'KeyID', str)
absent(v, 'IPSec.SharedSecret')
want(v, 'IPSec.XAuthPasswordEncryption', 'Prompt', str)
absent(v, 'IPSec.XAuthPassword')" --set authentication=hybrid --set group=Sales --set account=alice --set xauth.prompt=true
scenario ipsec-pin ipsec "
want(v, 'IPSec.PromptForVPNPIN', True, bool)
want(v, 'IPSec.DisconnectOnIdle', 1, int)
want(v, 'IPSec.DisconnectOnIdleTimer', 120, int)" --set "credential.uuid=$cred" --set prompt_for_pin=true \
  --set disconnect_on_idle.enabled=true --set disconnect_on_idle.timer=120
# secrets stay out of argv (--set-file) and are masked by show
printf 'from-a-file\n' >"$T/secret.txt"
run new ipsec -o "$T/secret-file.yaml" --set name=x --set server=vpn.example.com --set authentication=shared-secret \
  --set group=Sales --set-file "shared_secret=$T/secret.txt"
expect_rc 0 "new --set-file shared_secret"
grep -q "^shared_secret: from-a-file$" "$T/secret-file.yaml" && pass || fail "--set-file did not store the shared secret"
run show "$T/secret-file.yaml"
expect_no_out "from-a-file" "show masks the shared secret"
run new ipsec -o "$T/nogroup.yaml" --set name=x --set server=vpn.example.com --set authentication=shared-secret
run validate "$T/nogroup.yaml"
expect_rc 1 "shared secret without a group name"
expect_err "Group Name is required" "the missing group is named"

# ---- IKEv2 ------------------------------------------------------------------
ike=(--set local_id=client@example.com --set remote_id=vpn.example.com)
scenario ike-cert ikev2 "
want(v, 'IKEv2.AuthenticationMethod', 'Certificate', str)
want(v, 'IKEv2.PayloadCertificateUUID', '$cred', str)
want(v, 'IKEv2.CertificateType', 'ECDSA384', str)
want(v, 'IKEv2.ServerCertificateIssuerCommonName', 'Example CA', str)
want(v, 'IKEv2.ServerCertificateCommonName', 'vpn.example.com', str)
absent(v, 'IKEv2.ExtendedAuthEnabled'); absent(v, 'VPNSubType')" "${ike[@]}" --set "credential.uuid=$cred" \
  --set certificate_type=ECDSA384 --set 'server_cert_issuer=Example CA' --set server_cert_name=vpn.example.com
scenario ike-secret ikev2 "
want(v, 'IKEv2.AuthenticationMethod', 'SharedSecret', str)
want(v, 'IKEv2.SharedSecret', 'ike-secret', str)
absent(v, 'IKEv2.PayloadCertificateUUID')" "${ike[@]}" --set authentication=shared-secret --set shared_secret=ike-secret
scenario ike-eap ikev2 "
want(v, 'IKEv2.AuthenticationMethod', 'None', str)
want(v, 'IKEv2.ExtendedAuthEnabled', 1, int)
want(v, 'IKEv2.AuthName', 'alice@example.com', str)
want(v, 'IKEv2.AuthPassword', 'eap-pw', str)
absent(v, 'IKEv2.PayloadCertificateUUID')" "${ike[@]}" --set authentication=none --set eap.enabled=true \
  --set eap.username=alice@example.com --set eap.password=eap-pw
[ "$(stat -c %a "$T/ike-eap.yaml")" = 600 ] && pass || fail "an EAP password leaves the file $(stat -c %a "$T/ike-eap.yaml")"
scenario ike-eap-tls ikev2 "
want(v, 'IKEv2.AuthenticationMethod', 'None', str)
want(v, 'IKEv2.ExtendedAuthEnabled', 1, int)
want(v, 'IKEv2.PayloadCertificateUUID', '$cred', str)
want(v, 'IKEv2.TLSMinimumVersion', '1.2', str)
want(v, 'IKEv2.TLSMaximumVersion', '1.2', str)
absent(v, 'IKEv2.AuthPassword')" "${ike[@]}" --set authentication=none --set eap.enabled=true \
  --set "credential.uuid=$cred" --set tls.min=1.2 --set tls.max=1.2
run new ikev2 -o "$T/noeap.yaml" --set name=x --set server=vpn.example.com "${ike[@]}" --set authentication=none
run validate "$T/noeap.yaml"
expect_rc 1 "IKEv2 None without EAP"
expect_err "Extended Authentication \(EAP\) is required" "None needs EAP"
run new ikev2 -o "$T/noshared.yaml" --set name=x --set server=vpn.example.com "${ike[@]}" --set authentication=shared-secret
run validate "$T/noshared.yaml"
expect_rc 1 "IKEv2 shared secret missing"
expect_err "Shared Secret is required" "the missing shared secret is named"

# IKEv2 with every option set.
scenario ike-full ikev2 "
sa = v['IKEv2']['IKESecurityAssociationParameters']
child = v['IKEv2']['ChildSecurityAssociationParameters']
assert sa == {'EncryptionAlgorithm': 'AES-256-GCM', 'IntegrityAlgorithm': 'SHA2-384', 'DiffieHellmanGroup': 20, 'LifeTimeInMinutes': 720}, sa
assert child == {'EncryptionAlgorithm': 'ChaCha20Poly1305', 'IntegrityAlgorithm': 'SHA2-512', 'DiffieHellmanGroup': 31, 'LifeTimeInMinutes': 60}, child
assert type(sa['DiffieHellmanGroup']) is int and type(child['LifeTimeInMinutes']) is int
want(v, 'IKEv2.DeadPeerDetectionRate', 'High', str)
for k in ('DisableMOBIKE', 'DisableRedirect', 'EnablePFS', 'EnableCertificateRevocationCheck', 'EnableFallback',
          'NATKeepAliveOffloadEnable', 'UseConfigurationAttributeInternalIPSubnet', 'OnDemandUserOverrideDisabled',
          'DisconnectOnIdle', 'ExtendedAuthEnabled', 'OnDemandEnabled'):
    want(v, 'IKEv2.' + k, 1, int)
want(v, 'IKEv2.NATKeepAliveInterval', 60, int)
want(v, 'IKEv2.MTU', 1400, int)
want(v, 'IKEv2.DisconnectOnIdleTimer', 15, int)
want(v, 'IKEv2.PPKIdentifier', 'ppk-1', str)
want(v, 'IKEv2.PPK', b'quantum-key', bytes)
want(v, 'IKEv2.PPKMandatory', 0, int)
want(v, 'IKEv2.TLSMinimumVersion', '1.1', str)
want(v, 'OnDemandMatchAppEnabled', True, bool)
want(v, 'DNS.ServerAddresses', ['10.0.0.53', '2001:db8::53'], list)
want(v, 'DNS.DNSProtocol', 'TLS', str)
want(v, 'DNS.ServerName', 'dns.example.com', str)
want(v, 'DNS.SupplementalMatchDomainsNoSearch', 1, int)
want(v, 'SMBDomains', ['files.example.com'], list)
want(v, 'UserDefinedName', 'Watch VPN', str)
want(v, 'PayloadDescription', 'the payload', str)
assert p['PayloadDescription'] == 'the profile', p['PayloadDescription']" "${ike[@]}" --set "credential.uuid=$cred" \
  --set ike_sa.encryption=AES-256-GCM --set ike_sa.integrity=SHA2-384 --set ike_sa.dh_group=20 --set ike_sa.lifetime=720 \
  --set child_sa.encryption=ChaCha20Poly1305 --set child_sa.integrity=SHA2-512 --set child_sa.dh_group=31 \
  --set child_sa.lifetime=60 --set dpd_rate=High --set disable_mobike=true --set disable_redirect=true \
  --set enable_pfs=true --set cert_revocation_check=true --set enable_fallback=true \
  --set nat_keepalive.offload=true --set nat_keepalive.interval=60 --set mtu=1400 --set use_internal_subnet=true \
  --set ppk.identifier=ppk-1 --set ppk.key=quantum-key --set ppk.mandatory=false \
  --set eap.enabled=true --set tls.min=1.1 --set tls.max=1.2 \
  --set on_demand.enabled=true --set on_demand.match_app=true --set on_demand.user_override_disabled=true \
  --set disconnect_on_idle.enabled=true --set disconnect_on_idle.timer=15 \
  --set 'dns.servers=[10.0.0.53, "2001:db8::53"]' --set dns.protocol=tls --set dns.server_name=dns.example.com \
  --set dns.match_domains_no_search=true --set 'domains.smb=[files.example.com]' \
  --set 'vpn_name=Watch VPN' --set 'description=the profile' --set 'payload_description=the payload'
# Apple's ranges and enumerations are checked.
cp "$T/ike-full.yaml" "$T/ike-bad.yaml"
"$APPVPN" set "$T/ike-bad.yaml" mtu=1500 ike_sa.dh_group=3 >/dev/null 2>&1
run validate "$T/ike-bad.yaml"
expect_rc 1 "MTU 1500 and DH group 3"
expect_err "MTU must be between 1280 and 1400" "MTU range (Apple: 1280-1400)"
expect_err "Diffie-Hellman Group must be one of 1, 2, 5, 14" "DH group enumeration"

# `types ikev2` lists the SA parameters and the advanced keys with their availability.
run types ikev2
expect_rc 0 "types ikev2"
for k in ike_sa.encryption ike_sa.integrity ike_sa.dh_group ike_sa.lifetime child_sa.encryption \
         child_sa.integrity child_sa.dh_group child_sa.lifetime dpd_rate disable_mobike disable_redirect \
         enable_pfs cert_revocation_check enable_fallback nat_keepalive.offload nat_keepalive.interval mtu \
         use_internal_subnet ppk.identifier ppk.key ppk.mandatory tls.min tls.max eap.enabled eap.username \
         eap.password shared_secret on_demand.user_override_disabled disconnect_on_idle.timer dns.servers; do
  awk -v k="$k" '$1 == k { found = 1 } END { exit !found }' "$T/out" && pass || fail "types ikev2: no '$k'"
done
expect_out "one of: 1 \| 2 \| 5 \| 14 \| 15 \| 16 \| 17 \| 18 \| 19 \| 20 \| 21 \| 31 \| 32" "DH groups listed"
expect_out "^  mtu .*\{iOS 14\.0\+, macOS 11\.0\+\}" "MTU availability"
expect_out "^  enable_fallback .*\{iOS 13\.0\+, not on macOS, not on watchOS\}" "fallback availability"
expect_out "^  ppk\.key +password .*\{iOS 18\.0\+, macOS 15\.0\+, visionOS 2\.0\+, watchOS 11\.0\+\}" "PPK availability"
expect_out "one of: certificate \| shared-secret \| none" "IKEv2 authentication methods"
run types ipsec
expect_out "one of: certificate \| shared-secret \| hybrid" "IPsec authentication methods"
run types cisco-anyconnect
expect_out "one of: certificate \| password \| password-certificate" "vendor authentication methods"
expect_out "^  provider_designated_requirement .*\{macOS 10\.15\+, not on iOS" "designated requirement: macOS only"

# ---- the other applayer keys on a vendor type -------------------------------
scenario vpn-options f5-ssl "
want(v, 'VPNSubType', 'com.f5.access.ios', str)
want(v, 'VPN.ProviderType', 'packet-tunnel', str)
want(v, 'VPN.OnDemandUserOverrideDisabled', 1, int)
want(v, 'VPN.DisconnectOnIdle', 1, int)
want(v, 'VPN.DisconnectOnIdleTimer', 600, int)
want(v, 'VPN.ProviderDesignatedRequirement', 'anchor apple generic', str)
want(v, 'OnDemandMatchAppEnabled', False, bool)
want(v, 'DNS.DNSProtocol', 'HTTPS', str)
want(v, 'DNS.ServerURL', 'https://dns.example.com/dns-query', str)
want(v, 'DNS.SearchDomains', ['corp.example.com'], list)
want(v, 'DNS.SupplementalMatchDomains', ['corp.example.com'], list)
want(v, 'DNS.DomainName', 'corp.example.com', str)
want(v, 'Proxies.ProxyAutoDiscoveryEnable', 1, int)
want(v, 'Proxies.SupplementalMatchDomains', ['example.com'], list)
absent(v, 'Proxies.ProxyAutoConfigURLString')" --set "credential.uuid=$cred" \
  --set on_demand.user_override_disabled=true --set disconnect_on_idle.enabled=true --set disconnect_on_idle.timer=600 \
  --set 'provider_designated_requirement=anchor apple generic' --set on_demand.match_app=false \
  --set 'dns.servers=[10.0.0.53]' --set dns.protocol=https --set dns.server_url=https://dns.example.com/dns-query \
  --set 'dns.search_domains=[corp.example.com]' --set 'dns.match_domains=[corp.example.com]' \
  --set dns.domain_name=corp.example.com --set proxy.setup=automatic --set proxy.auto_discovery=true \
  --set 'proxy.match_domains=[example.com]'
# the legacy F5 id is still offered and recognised
run types f5-ssl
scenario f5-legacy f5-ssl "
want(v, 'VPNSubType', 'com.f5.F5-Edge-Client.vpnplugin', str)
want(v, 'VPN.ProviderType', 'app-proxy', str)" --set "credential.uuid=$cred" \
  --set subtype=com.f5.F5-Edge-Client.vpnplugin --set provider_type=app-proxy
grep -q "^type: f5-ssl$" "$T/in-f5-legacy/f5-legacy.yaml" && pass || fail "legacy F5 id not imported as f5-ssl"
run new custom-ssl -o "$T/dns.yaml" --set name=x --set server=vpn.example.com --set subtype=com.example.vpn \
  --set "credential.uuid=$cred" --set 'dns.servers=[10.0.0.53]' --set dns.protocol=https
run validate "$T/dns.yaml"
expect_rc 1 "DNS over HTTPS without a URL"
expect_err "DNS Server URL is required" "the missing DoH URL is named"

# ---- the new vendors ----------------------------------------------------------
for pair in zscaler:com.zscaler.zscaler citrix-sso:com.citrix.NetScalerGateway.ios.app \
            microsoft-tunnel:com.microsoft.scmx; do
  t=${pair%%:*} id=${pair#*:}
  scenario "new-$t" "$t" "
want(v, 'VPNType', 'VPN', str)
want(v, 'VPNSubType', '$id', str)
absent(v, 'VPN.ProviderType')" --set "credential.uuid=$cred"
  grep -q "^type: $t$" "$T/in-new-$t/new-$t.yaml" && pass || fail "import of $t: type not detected"
done
finish
