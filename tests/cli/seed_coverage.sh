#!/usr/bin/env bash
# Every setting of the product page exists for the types that list it, under
# the YAML key docs/FIELDS.md gives (the key map is a contract).
. "$(dirname "$0")/lib.bash"

common="name description type identifier organization uuid.vpn
  authentication credential.file credential.password credential.uuid
  proxy.setup proxy.server proxy.port proxy.username proxy.password proxy.url
  on_demand.enabled on_demand.match_app on_demand.rules
  on_demand.rules[N].action on_demand.rules[N].match.dns_domain on_demand.rules[N].match.dns_server
  on_demand.rules[N].match.ssid on_demand.rules[N].match.url_probe on_demand.rules[N].match.interface
  on_demand.rules[N].connection on_demand.rules[N].connection[N].domains
  on_demand.rules[N].connection[N].domain_action on_demand.rules[N].connection[N].required_dns_servers
  on_demand.rules[N].connection[N].required_url_probe
  slicing.enabled slicing.kind slicing.value
  domains.safari domains.associated domains.excluded domains.mail domains.contacts domains.calendar
  apps distribution.target distribution.all_spaces distribution.space_admin_edit
  distribution.devices distribution.device_groups distribution.users distribution.user_groups"

declare -A extra=(
  [ipsec]="server account prompt_for_pin"
  [cisco-anyconnect]="server account group subtype provider_type"
  [juniper-ssl]="server account realm role subtype provider_type"
  [netmotion]="server account subtype provider_type"
  [f5-ssl]="server account subtype provider_type"
  [sonicwall]="server account login_group subtype provider_type"
  [aruba-via]="server account subtype provider_type"
  [custom-ssl]="server account subtype custom_data provider_bundle_id provider_type provider_type_in_both"
  [globalprotect]="server account custom_data subtype provider_type"
  [ikev2]="server local_id remote_id certificate_type"
  [zscaler]="server account subtype custom_data provider_type"
  [citrix-sso]="server account subtype custom_data provider_type"
  [microsoft-tunnel]="server account subtype custom_data provider_type"
)

for t in "${!extra[@]}"; do
  run types "$t"
  expect_rc 0 "types $t"
  for k in $common ${extra[$t]}; do
    # the key, exactly, as the first word of a line
    if awk -v k="$k" '$1 == k { found = 1 } END { exit !found }' "$T/out"; then pass; else fail "$t: no setting '$k'"; fi
  done
done

# Labels a user of the product page looks for (its own words).
run types cisco-anyconnect
for label in "Enable VPN On Demand" "On demand match app enabled" "Enable 5G network slicing" \
             "Safari Domains" "Associated Domains" "Excluded Domains" "Mail Domains" \
             "Contacts Domains" "Calendar Domains" "Provider Type" "Proxy Setup" "Proxy Server URL" \
             "DNS Domain Match" "DNS Server Address Match" "SSID Match" "URL String Probe" \
             "Interface Type Match" "User Authentication" "Credential"; do
  grep -q "$label" "$T/out" && pass || fail "cisco-anyconnect: no label '$label'"
done
run types ipsec
grep -q "Machine Authentication" "$T/out" && pass || fail "ipsec: no 'Machine Authentication'"
grep -q "Include User PIN" "$T/out" && pass || fail "ipsec: no 'Include User PIN'"
run types custom-ssl
grep -q "Include ProviderType in main and sub VPN dictionary" "$T/out" && pass || fail "custom-ssl: provider type in both"
grep -Eq "Custom Data" "$T/out" && pass || fail "custom-ssl: Custom Data"
# watchOS takes IKEv2 only.
run types
[ "$(grep -c watchOS "$T/out")" -eq 1 ] && grep -q "^ikev2 .*watchOS" "$T/out" && pass || fail "only ikev2 on watchOS"
finish
