#!/usr/bin/env bash
# Themes and plain terminals: every built-in theme loads, broken themes and
# scripts are refused at file:line:col, and a vt100 without UTF-8 still shows
# everything with ASCII characters (focus '>', markers '!'/'?', '|' lines).
. "$(dirname "$0")/editor_lib.bash"

cp "$EX/cisco-anyconnect.yaml" "$T/t.yaml"
for th in default mono high-contrast; do
  edit t.yaml --theme "$th" <<'KEYS'
<Dump>
KEYS
  check "theme $th: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
  in_screen 1 "> Name \.+ Sales AnyConnect" "theme $th draws the form"
done
NO_COLOR=1 edit t.yaml <<'KEYS'
<Dump>
KEYS
check "NO_COLOR: exit $rc" [ "$rc" -eq 0 ]

edit t.yaml --theme nosuch </dev/null
check "unknown theme: exit 2 (got $rc)" [ "$rc" -eq 2 ]
grep -q "unknown theme 'nosuch' (known: default, high-contrast, mono)" "$T/err" && pass || fail "unknown theme message: $(cat "$T/err")"
printf '# mine\nfocus = red,blue,bold+blink\nbogus = red,red,bold\n' >"$T/bad.theme"
edit t.yaml --theme "$T/bad.theme" </dev/null
check "bad theme: exit 2 (got $rc)" [ "$rc" -eq 2 ]
grep -q "bad.theme:2:23: error: unknown attribute 'blink'" "$T/err" && pass || fail "attribute error position: $(cat "$T/err")"
grep -q "bad.theme:3:1: error: unknown theme element 'bogus'" "$T/err" && pass || fail "element error position: $(cat "$T/err")"
printf 'focus = default,default,reverse\n' >"$T/mine.theme"
edit t.yaml --theme "$T/mine.theme" <<'KEYS'
<Dump>
KEYS
check "theme from a file: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]

printf '<Down>\nabc<Nope>\n' >"$T/keys.txt"
"$APPVPN" --test-script "$T/keys.txt" t.yaml >/dev/null 2>"$T/err"
check "unknown script key: exit 2 (got $?)" [ "$(grep -c 'keys.txt:2:4: error: unknown key <Nope>' "$T/err")" -eq 1 ]
cmp -s t.yaml "$EX/cisco-anyconnect.yaml" && pass || fail "a refused script changes nothing"

# vt100, no UTF-8: ASCII lines, masks and markers
TERM=vt100 LANG=C LC_ALL=C edit t.yaml <<'KEYS'
<Tab><Tab><Tab><Dump>
<C-f>server<Enter><C-d><Down><Up><Dump>
KEYS
check "vt100: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "^> Proxy +\|  Proxy Port" "ASCII separator, '>' marks the current section"
in_screen 1 "Password \.+ \*\*\*\*\*\*$" "ASCII password mask"
in_screen 2 "^>!Connection +\|>!Server" "'!' marks the error on the row and its section"
in_screen 2 "! Server is required" "the problem in words"
finish
