#!/usr/bin/env bash
# Conditional reveal: fields appear as soon as the value they depend on
# changes; hidden fields can be listed with the reason; switching the type
# keeps common values and restores the vendor's.
. "$(dirname "$0")/editor_lib.bash"

f="$T/r.yaml"
"$APPVPN" new cisco-anyconnect -o "$f" --set name=Reveal --set server=vpn.example.com >/dev/null 2>&1 ||
  fail "appvpn new"

# proxy: none -> manual -> automatic, and ^T for hidden fields
edit "$f" <<'KEYS'
<C-f>proxy.setup<Enter><Dump>
<Enter><Dump>
<Down><Enter><Dump>
<Enter><Down><Enter><Dump>
<C-t><Dump>
<C-s>
KEYS
check "proxy run: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "> Proxy Setup \.+ None" "setup starts as None"
not_in_screen 1 "Proxy Server" "no server field while None"
in_screen 2 "Manual" "choice popup lists Manual"
in_screen 2 "Automatic" "choice popup lists Automatic"
in_screen 3 "Proxy Server \.+" "manual shows the server"
in_screen 3 "Proxy Port" "manual shows the port"
not_in_screen 3 "Proxy Server URL" "manual hides the URL"
in_screen 4 "Proxy Server URL" "automatic shows the URL"
not_in_screen 4 "Proxy Port" "automatic hides the port"
in_screen 5 "Proxy Port \.+ \(shown when Proxy Setup is Manual\)" "hidden field with its reason, in labels and values"
in_screen 5 "hidden fields shown" "status says hidden fields are shown"
yaml_has "$f" "^  setup: automatic" "proxy.setup saved"

# on demand -> rules -> evaluate-connection -> connection parameters; slicing
edit "$f" <<'KEYS'
<C-f>on_demand.enabled<Enter><Dump>
<Space><Dump>
<C-f>on_demand.rules<Enter><Down><Enter><Dump>
<Enter><Down><Down><Down><Enter><Dump>
<Esc><C-f>slicing.enabled<Enter><Dump>
<Space><Dump>
<C-s>
KEYS
check "on-demand run: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
not_in_screen 1 "iOS Rules" "rules hidden while on demand is off"
in_screen 2 "iOS Rules" "rules shown once on demand is on"
in_screen 2 "\+ add record" "rules can be added"
in_screen 3 "On Demand › iOS Rules 1" "a new rule opens its sub-form"
not_in_screen 3 "Connection rules" "no connection parameters before evaluate-connection"
in_screen 4 "Connection rules" "evaluate-connection shows connection parameters"
not_in_screen 5 "DNN" "slicing kind hidden while off"
in_screen 6 "Slice \.+ DNN" "slicing on shows the kind"
in_screen 6 "Slice Value" "slicing on shows the value"
yaml_has "$f" "action: evaluate-connection" "rule action saved"
yaml_has "$f" "^  enabled: true" "enabled saved"

# type switch: common values stay, the vendor's come back
edit "$f" <<'KEYS'
<C-f>group<Enter><Enter>Sales<Enter>
<C-f>type<Enter><Enter>juniper-ssl<Enter><Dump>
<C-f>realm<Enter><Dump>
<C-f>type<Enter><Enter>cisco-anyconnect<Enter>
<C-f>group<Enter><Dump>
<C-s>
KEYS
check "type run: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "Connection Type \.+ Juniper SSL" "type switched"
in_screen 1 "type is now Juniper SSL" "switch message"
in_screen 2 "> Realm" "juniper's realm shown"
in_screen 2 "Server \.+ vpn.example.com" "server kept across the switch"
not_in_screen 2 "Group" "cisco's group hidden for juniper"
in_screen 3 "> Group \.+ Sales" "switching back restores the group"
yaml_has "$f" "^type: cisco-anyconnect" "type saved"
yaml_has "$f" "^group: Sales" "group saved"

# availability: shown for the focused field; a set, deprecated field warns with '?'
edit "$f" <<'KEYS'
<C-f>domains.associated<Enter><Dump>
<C-f>domains.mail<Enter><Dump>
<C-n>mail.example.com<Enter><Up><Up><Dump>
KEYS
in_screen 1 "iOS 14\+, macOS 11\+$" "availability of associated domains"
in_screen 2 "deprecated since iOS 13.4; iOS 13\+" "deprecation leads the availability"
in_screen 3 "^>\?Domains" "section marked with a warning"
in_screen 3 "^ \? Mail Domains is deprecated since iOS 13.4" "the warning in words"
in_screen 3 "[0-9]+ errors?, 1 warning" "status counts the warning"
in_screen 3 "│>\?Mail Domains \.+ 1 item" "row marked '?'"
finish
