#!/usr/bin/env bash
# Quitting with unsaved changes asks: save / discard / cancel. A script that
# ends without quitting discards its changes. Export refuses while errors
# remain and writes the profile once they are fixed.
. "$(dirname "$0")/editor_lib.bash"

f="$T/q.yaml"
"$APPVPN" new f5-ssl -o "$f" --set name=Quit --set server=vpn.example.com \
  --set credential.uuid=11111111-2222-4333-8444-555555555555 >/dev/null 2>&1 || fail "appvpn new"
cp "$f" "$T/orig.yaml"

# cancel, then discard
edit "$f" <<'KEYS'
<C-f>description<Enter><Enter>changed<Enter>
<C-q><Dump>
c<Dump>
<C-q>n
<Dump>
KEYS
check "discard run: exit $rc" [ "$rc" -eq 0 ]
in_screen 1 "Save changes to .*q.yaml\?" "quit asks about unsaved changes"
in_screen 1 "y: save and quit +n: discard changes +c/Esc: keep editing" "the three answers"
in_screen 2 "Description \.+ changed" "cancel keeps editing"
check "only two screens: n quit the editor" [ "$(grep -c '^=== screen' "$T/dump.txt")" -eq 2 ]
cmp -s "$f" "$T/orig.yaml" && pass || fail "discard left the file unchanged"

# save on quit
edit "$f" <<'KEYS'
<C-f>description<Enter><Enter>saved on quit<Enter>
<C-q>y
<Dump>
KEYS
yaml_has "$f" "^description: saved on quit$" "y saves"
check "y quits" [ ! -s "$T/dump.txt" ]

# no question when nothing changed; a script ending discards
edit "$f" <<'KEYS'
<C-q>
<Dump>
KEYS
check "unchanged: quits at once" [ ! -s "$T/dump.txt" ]
edit "$f" <<'KEYS'
<C-f>description<Enter><Enter>never saved<Enter>
KEYS
yaml_has "$f" "^description: saved on quit$" "end of script discards"

# undo: ^Z takes changes back one by one
edit "$f" <<'KEYS'
<C-f>description<Enter><Enter><C-u>one<Enter><Enter><C-u>two<Enter><Dump>
<C-z><Dump>
<C-z><C-z><Dump>
<C-s>
KEYS
in_screen 1 "Description \.+ two" "two changes"
in_screen 2 "Description \.+ one" "^Z undoes the last"
in_screen 2 "undone \(1 more change can be undone\)" "undo message"
in_screen 3 "Description \.+ saved on quit" "back to the start"
in_screen 3 "nothing to undo" "nothing left to undo"
yaml_has "$f" "^description: saved on quit$" "undone changes are not saved"

# export: refused with errors listed, then written to the default path
edit "$f" <<'KEYS'
<C-f>server<Enter><C-d>
<C-x><Dump>
<Esc><Dump>
<C-f>server<Enter><Enter>vpn.example.com<Enter>
<C-x><Dump>
<Enter><Dump>
<C-q>n
KEYS
in_screen 1 "Export refused: 1 error" "export refused while errors remain"
in_screen 1 "Server is required \[server\]" "the problem is listed"
in_screen 2 "export refused: 1 error" "message after refusing"
in_screen 3 "Export profile to" "export asks for a path"
in_screen 3 "$T/quit.mobileconfig" "default path from the name, beside the file"
in_screen 4 "exported $T/quit.mobileconfig" "export message"
"$APPVPN" export "$f" -o "$T/cli.mobileconfig" 2>/dev/null
cmp -s "$T/quit.mobileconfig" "$T/cli.mobileconfig" && pass || fail "editor export equals the CLI export"
finish
