#!/usr/bin/env bash
# One write path: the same inputs typed in the editor and given to `appvpn
# set` / `appvpn new` are accepted or refused alike and save the same file.
. "$(dirname "$0")/editor_lib.bash"

# --- an existing configuration: a refused value, then accepted ones ---------
cp "$EX/cisco-anyconnect.yaml" "$T/ed.yaml"
cp "$EX/cisco-anyconnect.yaml" "$T/cli.yaml"
edit "$T/ed.yaml" <<'KEYS'
<C-f>proxy.port<Enter><Enter><C-u>09090<Enter>
<Dump>
<C-f>name<Enter><Enter><C-u>Sales CRM<Enter>
<C-f>proxy.port<Enter><Enter><C-u>3128<Enter>
<C-f>safari<Enter><C-n>new.example.com<Enter>
<C-s>
<Dump>
KEYS
check "editor exit status ($rc): $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "leading zeros" "the editor refuses port 09090 as set does"
"$APPVPN" set "$T/cli.yaml" proxy.port=09090 >/dev/null 2>"$T/err"
check "set refuses port 09090 (exit 1)" [ $? -eq 1 ]
check "set's reason is the editor's" grep -q "leading zeros" "$T/err"
"$APPVPN" set "$T/cli.yaml" 'name=Sales CRM' proxy.port=3128 'domains.safari[2]=new.example.com' \
  >/dev/null 2>"$T/err" || fail "set: $(cat "$T/err")"
if cmp -s "$T/ed.yaml" "$T/cli.yaml"; then pass; else
  fail "the editor's and set's files differ"
  diff "$T/cli.yaml" "$T/ed.yaml" | head -20 >&2
fi
yaml_has "$T/ed.yaml" "^identifier: com.example.vpn.sales$" "an identifier typed by hand stays when the name changes"

# --- a new configuration: name and derived identifier -----------------------
edit "$T/new-ed.yaml" <<'KEYS'
cisco-anyconnect<Enter>
<C-f>name<Enter><Enter>Sales CRM<Enter>
<C-s>
KEYS
check "editor (new) exit status ($rc): $(cat "$T/err")" [ "$rc" -eq 0 ]
"$APPVPN" new cisco-anyconnect -o "$T/new-cli.yaml" --set 'name=Sales CRM' >/dev/null 2>"$T/err"
yaml_has "$T/new-ed.yaml" "^identifier: com.example.vpn.sales-crm$" "editor: identifier derived from the name"
yaml_has "$T/new-cli.yaml" "^identifier: com.example.vpn.sales-crm$" "new: identifier derived from the name"
# the UUIDs are random: everything else must be equal
if diff <(grep -Ev '^  (profile|payload|vpn|credential): ' "$T/new-ed.yaml") \
        <(grep -Ev '^  (profile|payload|vpn|credential): ' "$T/new-cli.yaml") >"$T/d"; then pass; else
  fail "new files from the editor and from new differ"
  head -20 "$T/d" >&2
fi
finish
