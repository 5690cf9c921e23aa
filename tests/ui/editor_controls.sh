#!/usr/bin/env bash
# Control characters from data (descriptor labels and titles given with
# --forms) are drawn visibly in the editor: ESC as ^[, BEL as ^G, a C1
# control as M-^[; never as blanks and never sent raw to the terminal.
. "$(dirname "$0")/editor_lib.bash"

cp -r "$APPVPN_SRC/forms" "$T/forms"
sed -i 's/^label: Aruba VIA$/label: "Aruba\\e]0;owned\\aVIA\\x9b"/; s/^    title: Connection$/    title: "Conn\\e[2Jection"/' "$T/forms/aruba-via.yaml"
"$APPVPN" --forms "$T/forms" new aruba-via -o "$T/a.yaml" --set name=Ctl --set server=vpn.example.com \
  >/dev/null 2>&1 || fail "appvpn new"
edit "$T/a.yaml" --forms "$T/forms" <<'KEYS'
<Dump>
<C-f>server<Enter><Dump>
KEYS
check "editor exit status ($rc): $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 'Aruba\^\[\]0;owned\^GVIAM-\^\[' "type label: ESC as ^[, BEL as ^G, C1 as M-^["
in_screen 2 'Conn\^\[\[2Jection' "section title: ESC as ^["
# the dumps hold no raw control byte at all
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/dump.txt"; then
  fail "raw control bytes in the screen dump"
else pass; fi
if grep -q "$(printf '\302[\200-\237]')" "$T/dump.txt"; then fail "raw C1 in the screen dump"; else pass; fi
echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
