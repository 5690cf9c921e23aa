#!/usr/bin/env bash
# --view: the help-desk read-only view. Nothing can be changed, secrets stay
# masked (revealing is refused), and quitting never asks to save.
. "$(dirname "$0")/editor_lib.bash"

cp "$EX/cisco-anyconnect.yaml" "$T/v.yaml"
cp "$T/v.yaml" "$T/orig.yaml"
edit v.yaml --view <<'KEYS'
<Dump>
<Enter>typed<Enter><Dump>
<C-f>proxy.password<Enter><Dump>
<C-r><Dump>
<C-f>credential.password<Enter><Enter><Dump>
<C-f>on_demand.rules<Enter><Down><Enter><Dump>
<Esc><Down><C-d><C-u><Dump>
<C-f>domains.safari<Enter><Dump>
<C-p><Dump>
<Esc><C-s><Dump>
<C-x><Dump>
<C-q>
<Dump>
KEYS
check "exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "\[read-only\]" "title says read-only"
in_screen 1 "read-only" "status says read-only"
not_in_screen 1 "\^S Save" "no save key offered"
in_screen 2 "read-only view: nothing can be changed" "typing is refused"
in_screen 2 "Name \.+ Sales AnyConnect$" "name unchanged"
in_screen 3 "Password \.+ ••••••" "proxy password masked"
in_screen 4 "read-only view: secrets stay masked" "reveal refused"
in_screen 4 "Password \.+ ••••••" "still masked after ^R"
in_screen 5 "read-only view: nothing can be changed" "editing a password refused"
in_screen 6 "On Demand › iOS Rules 1" "records can still be opened to read them"
in_screen 7 "read-only view: nothing can be changed" "deleting or moving a rule refused"
in_screen 7 "1. evaluate-connection" "rules unchanged"
not_in_screen 8 "\+ add" "no add rows in the view"
in_screen 9 "Preview" "preview works in the view"
not_in_screen 11 "Export profile to" "export refused in the view"
check "quit without a question: exactly 11 screens" [ "$(grep -c '^=== screen' "$T/dump.txt")" -eq 11 ]
for s in proxy-secret ">example<" "Password .* example"; do
  if grep -q -- "$s" "$T/dump.txt"; then fail "secret '$s' shown in the view"; else pass; fi
done
cmp -s "$T/v.yaml" "$T/orig.yaml" && pass || fail "file unchanged by the view"

# a missing file cannot be viewed
edit nosuch.yaml --view </dev/null
check "viewing a missing file fails with 3 (got $rc)" [ "$rc" -eq 3 ]
check "no file created" [ ! -e "$T/nosuch.yaml" ]
finish
