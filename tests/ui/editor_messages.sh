#!/usr/bin/env bash
# Messages a new user meets: a value kept clears what was said while typing,
# ^C answers with the keys that do quit or go back, a profile given to the
# editor points at `appvpn import`, the preview folds embedded data and F1
# shows the field's problem in full; a long message wraps.
. "$(dirname "$0")/editor_lib.bash"

f="$T/m.yaml"
sed "s#certs/sales.p12#$EX/certs/sales.p12#" "$EX/cisco-anyconnect.yaml" >"$f"

edit "$f" <<'KEYS'
<C-f>proxy.port<Enter><Enter><C-u>abc<Dump>70000<Dump><Enter><Dump>
<C-c><Dump>
<F1><Dump><Esc>
<C-q>n
KEYS
check "run: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "Port takes digits only" "letters refused in a port"
in_screen 2 "Port takes digits only" "the refusal stays while typing"
not_in_screen 3 "digits only" "a kept value clears the refusal"
in_screen 3 "Port \.+ 70000" "the value is kept"
in_screen 4 "\^C does not quit: \^Q quits" "^C answers with a hint"
in_screen 5 "Error: Proxy Port must be between 1 and 65535, not 70000" "F1 shows the field's problem in full"
in_screen 5 "Shown when Proxy Setup is Manual \(proxy\.setup == manual\)" "F1 says the condition with labels"

# at 40 columns a long message takes a second line instead of being cut
edit "$f" <<'KEYS'
<Resize 40x12><C-c><Dump>
<C-q>
KEYS
in_screen 1 "^ \^C does not quit: \^Q quits, Esc leaves$" "message, first line"
in_screen 1 "^ a record, \^Z undoes$" "message wraps to a second line"
in_screen 1 "^\^S Save .*F1/\^G Help \^Q Quit$" "the narrow key bar keeps Help and Quit"

# a profile: the editor refuses it and says how to convert it
"$APPVPN" export "$f" -o "$T/p.mobileconfig" >/dev/null 2>&1 || fail "export"
printf '<C-q>\n' >"$T/q.txt"
"$APPVPN" --test-script "$T/q.txt" --test-dump "$T/d.txt" "$T/p.mobileconfig" >/dev/null 2>"$T/err"
rc=$?
check "profile refused: exit $rc" [ "$rc" -eq 1 ]
grep -q "is a profile, not a configuration: .appvpn import .*p.mobileconfig -o NAME.yaml" "$T/err" &&
  pass || fail "no hint to import: $(cat "$T/err")"

# the preview shows the embedded identity as one line, never its base64
edit "$f" <<'KEYS'
<C-p><End><Dump><Esc>
<C-q>n
KEYS
size=$(stat -c %s "$EX/certs/sales.p12")
in_screen 1 "<data: $size bytes>" "embedded data folded to its size"
not_in_screen 1 "MII" "no base64 in the preview"
not_in_screen 1 "^│ *</data>" "no empty data element"
# the problems list (^E) uses its width: the message takes what the field
# names leave, and the focused problem is shown whole under the list
edit "$f" <<'KEYS'
<C-f>server<Enter><Enter><C-u>bad host name!<Enter><C-e><Dump><Esc>
<Resize 40x12><C-e><Dump><Esc>
<C-q>n
KEYS
in_screen 1 "│>! Server: contains a space \\('bad host name!' is not a host name… server +│" "the row's message, reason first, takes the room the path leaves"
in_screen 1 "│ address with an optional :port and /path, or a URL\\) +│" "the focused problem whole under the list"
in_screen 2 "│ Server: contains a space \\('bad +│" "at 40 columns the note starts with the reason"
in_screen 2 "│ or IP address with an optional … │" "at 40 columns the note takes three lines"
# at 40x12 a long problem takes the field rows below the focused one
edit "$f" <<'KEYS'
<Resize 40x12><C-f>server<Enter><Enter><C-u>bad host name!<Enter><Dump>
<C-q>n
KEYS
in_screen 1 "^>!Server \.+ bad host name!$" "the focused row stays"
in_screen 1 "^ ! Server: contains a space \\('bad host$" "the reason first at 40 columns"
in_screen 1 "^ /path, or a URL\\)$" "the problem goes on below, whole"
finish
