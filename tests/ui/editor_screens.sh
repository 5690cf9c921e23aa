#!/usr/bin/env bash
# Key screens compared with expected dumps: the main screen at 80x24, the
# minimum 40x12, "too small" at 20x6 and the recovery when enlarged, a
# choice popup, the help screen, the new-file type question.
# Regenerate after an intended change: UPDATE_EXPECTED=1 bash editor_screens.sh
. "$(dirname "$0")/editor_lib.bash"

cp "$EX/cisco-anyconnect.yaml" "$T/ca.yaml"
mkdir -p "$T/certs" && cp "$EX"/certs/* "$T/certs/" 2>/dev/null
# a new file: the type question
edit new.yaml <<'KEYS'
<Dump>
KEYS
screen 1 >"$T/new1.txt"

names=(main-80x24 proxy-80x24 choice-popup min-40x12 too-small-20x6 recovered-80x24 help on-demand-60x16)
edit ca.yaml <<'KEYS'
<Dump>
<Tab><Tab><Tab><Dump>
<Enter><Dump>
<Esc><Resize 40x12><Dump>
<Resize 20x6><Dump>
<Down><Enter>x<Esc><Resize 80x24><Dump>
<F1><Dump>
<Esc><Resize 60x16><Tab><Down><Dump>
KEYS
check "exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
if [ "${UPDATE_EXPECTED:-}" = 1 ]; then
  for i in "${!names[@]}"; do screen $((i + 1)) >"$EXPECTED/editor_${names[$i]}.txt"; done
  cp "$T/new1.txt" "$EXPECTED/editor_new-type.txt"
fi
for i in "${!names[@]}"; do same_screen $((i + 1)) "editor_${names[$i]}.txt" "${names[$i]}"; done
cmp -s "$T/new1.txt" "$EXPECTED/editor_new-type.txt" && pass || fail "new-type: $(diff "$EXPECTED/editor_new-type.txt" "$T/new1.txt" | head)"
# the screens themselves, beyond the expected files
in_screen 5 "terminal too" "too small says so"
screen 6 >"$T/s6.txt"
screen 2 >"$T/s2.txt"
cmp -s "$T/s2.txt" "$T/s6.txt" && pass || fail "keys while too small change nothing; enlarged, the screen is back as it was"
check "no file created for a new configuration left without a type" [ ! -e "$T/new.yaml" ]
finish
