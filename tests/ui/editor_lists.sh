#!/usr/bin/env bash
# Lists, maps and records: pasting several domains at once, editing and
# deleting items, reordering on-demand rules (the first match wins), nested
# connection parameters, custom data entries.
. "$(dirname "$0")/editor_lib.bash"

f="$T/l.yaml"
"$APPVPN" new globalprotect -o "$f" --set name=Lists --set server=vpn.example.com \
  --set on_demand.enabled=true --set credential.uuid=11111111-2222-4333-8444-555555555555 >/dev/null 2>&1 || fail "appvpn new"

# paste: spaces, commas and new lines all separate domains
edit "$f" <<'KEYS'
<C-f>domains.safari<Enter><Enter><PasteBegin>a.example.com, b.example.com<Enter>c.example.com d.example.com<PasteEnd><Enter><Dump>
<Up><Up><Up><Enter><C-u>bb.example.com<Enter><Dump>
<Up><C-d><Dump>
<C-b><Dump>
<C-f>custom_data<Enter><C-n>Portal = portal.example.com<Enter><Dump>
<C-s>
KEYS
check "paste run: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
for d in a b c d; do in_screen 1 "- $d.example.com" "pasted $d.example.com"; done
in_screen 1 "Safari Domains \.+ 4 items" "four items"
in_screen 2 "- bb.example.com" "item edited"
not_in_screen 3 "- a.example.com" "item deleted"
in_screen 4 ">   - bb.example.com" "moved item keeps focus"
in_screen 5 "Portal = portal.example.com" "map entry added"
sed -n '/^domains:/,/^[a-z]/p' "$f" >"$T/domains.txt"
printf 'domains:\n  safari:\n    - c.example.com\n    - bb.example.com\n    - d.example.com\n' >"$T/want.txt"
head -5 "$T/domains.txt" | cmp -s - "$T/want.txt" && pass || fail "saved domains: $(cat "$T/domains.txt")"
yaml_has "$f" "^  Portal: portal.example.com" "custom data saved"

# rules: connect, disconnect on an SSID, evaluate-connection with two
# connection parameter sets; then the last one moves to the top
edit "$f" <<'KEYS'
<C-f>on_demand.rules<Enter><Down><Enter>
<Enter>connect<Enter><Esc>
<End><Enter><Enter>disconnect<Enter>
<C-f>match.ssid<Enter><C-n>Office WiFi<Enter><Esc>
<End><Enter><Enter>evaluate-connection<Enter>
<C-f>connection<Enter><C-n>
<C-f>domains<Enter><C-n>intranet.example.com<Enter>
<C-f>domain_action<Enter><Enter>connect-if-needed<Enter>
<C-f>required_dns_servers<Enter><C-n>10.0.0.53<Enter><Dump>
<Esc>
<C-f>connection<Enter><C-n>
<C-f>domains<Enter><C-n>www.example.com<Enter>
<C-f>domain_action<Enter><Enter>never-connect<Enter><Dump>
<Esc><Dump>
<Esc><Dump>
<End><Up><C-u><C-u><Dump>
<C-u><Dump>
<C-s>
KEYS
check "rules run: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "On Demand › iOS Rules 3 › Connection rules 1" "nested record opened"
in_screen 1 "DNS Server \.+ 1 item" "DNS servers shown for connect-if-needed"
in_screen 2 "On Demand › iOS Rules 3 › Connection rules 2" "second parameter set"
not_in_screen 2 "DNS Server" "never-connect hides DNS servers"
in_screen 3 "1. connect-if-needed intranet.example.com" "parameter sets listed in the rule"
in_screen 3 "2. never-connect www.example.com" "second parameter set listed"
in_screen 4 "1. connect" "rule 1 listed"
in_screen 4 "2. disconnect Office WiFi" "rule 2 with its SSID"
in_screen 4 "3. evaluate-connection" "rule 3"
in_screen 5 ">   1. evaluate-connection" "rule moved to the top, focus follows"
in_screen 5 "3. disconnect" "others moved down"
in_screen 6 "already at the top" "cannot move past the top"
awk '/^  rules:/,0' "$f" | grep -E '^    - action:' | sed 's/.*: //' | tr '\n' ' ' >"$T/order.txt"
[ "$(cat "$T/order.txt")" = "evaluate-connection connect disconnect " ] && pass || fail "saved rule order: $(cat "$T/order.txt")"
"$APPVPN" export "$f" -o "$T/l.mobileconfig" 2>"$T/err" || fail "export: $(cat "$T/err")"
grep -A8 '<key>ActionParameters</key>' "$T/l.mobileconfig" | grep -q '<key>Domains</key>' && pass || fail "ActionParameters exported"
tr -d ' \t\n' <"$T/l.mobileconfig" | grep -q '<key>Action</key><string>EvaluateConnection</string>.*<key>Action</key><string>Connect</string>.*<key>Action</key><string>Disconnect</string>' &&
  pass || fail "exported rules in the new order"

# deleting a rule asks first (it may hold nested parameters)
edit "$f" <<'KEYS'
<C-f>on_demand.rules<Enter><Down><C-d><Dump>
n<Dump>
<C-d>y<Dump>
<C-s>
KEYS
in_screen 1 "Delete iOS Rules 1. evaluate-connection\?" "deleting a rule asks"
in_screen 2 "1. evaluate-connection" "n keeps it"
in_screen 3 "deleted 1. evaluate-connection" "y deletes it"
in_screen 3 ">   1. connect" "the next rule moves up, with focus"
awk '/^  rules:/,0' "$f" | grep -E '^    - action:' | sed 's/.*: //' | tr '\n' ' ' >"$T/order.txt"
[ "$(cat "$T/order.txt")" = "connect disconnect " ] && pass || fail "saved rules after delete: $(cat "$T/order.txt")"
finish
