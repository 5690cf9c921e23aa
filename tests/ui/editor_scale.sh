#!/usr/bin/env bash
# A long list costs nothing on screen: with 1k and 100k Safari domains the
# editor shows the same screens (only the item count differs) after moving,
# typing, adding an item and undoing it; undo says what it took back, goes
# there, and "[modified]" goes once the configuration is back to the file;
# ^F finds a value among the 100k.
. "$(dirname "$0")/editor_lib.bash"

mk() { # mk N FILE: the AnyConnect example with N Safari domains
  {
    sed -n '1,/^  safari:/p' "$EX/cisco-anyconnect.yaml" | sed "s#certs/sales.p12#$EX/certs/sales.p12#"
    seq 0 $(($1 - 1)) | sed 's/.*/    - d&.example.com/'
    sed -n '/^  associated:/,$p' "$EX/cisco-anyconnect.yaml"
  } >"$2"
}
mk 1000 "$T/small.yaml"
mk 100000 "$T/big.yaml"
"$APPVPN" validate "$T/big.yaml" >/dev/null 2>&1 && pass || fail "big.yaml is not valid"

keys='<C-f>domains.safari<Enter><Down><Down><Down><Dump>
<C-n>new.example.org<Dump><Enter><Dump>
<End><Up><Dump>
<C-z><Dump>
<C-q>'
for n in small big; do
  edit "$T/$n.yaml" <<<"$keys"
  check "$n: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
  sed -E 's/[0-9]+ items/N items/; s/[0-9]+ more/N more/; s/item [0-9]+:/item N:/; s/(d[0-9]+|new)\.example\.(com|org)/D/g; s#[^ ]*/(small|big)\.yaml#FILE#; s/ +/ /g' "$T/dump.txt" >"$T/$n.txt"
  cp "$T/dump.txt" "$T/$n.raw"
done
cmp -s "$T/small.txt" "$T/big.txt" && pass || {
  fail "1k and 100k domains give different screens:"
  diff "$T/small.txt" "$T/big.txt" | head -20 >&2
}
cp "$T/big.raw" "$T/dump.txt"
in_screen 1 "│>   - d2\.example\.com" "Down moves through the items"
in_screen 2 ">   \+ new\.example\.org" "typing into a new item"
in_screen 3 "│    - new\.example\.org" "the item is added"
in_screen 3 "big\.yaml \[modified\]" "modified after the change"
in_screen 5 "Safari Domains, item 100001: undone \(0 more changes can be undone\)" "undo says what it undid"
in_screen 5 "│>   \+ add" "undo goes to where the item was added"
not_in_screen 5 "new\.example\.org" "the item is gone again"
not_in_screen 5 "\[modified\]" "back to the file: not modified"

# ^F finds a value inside a list and goes to it; values are listed only once
# something is typed
edit "$T/big.yaml" <<'KEYS'
<C-f><Dump><C-u>d99998.example<Enter><Dump>
<C-q>
KEYS
not_in_screen 1 "d[0-9]+\.example\.com +Safari Domains" "values wait for typing"
in_screen 2 "│>   - d99998\.example\.com" "^F jumps to the value in the list"

# a field: undo names it and clears [modified]; a change after undoing past
# the saved state keeps it set
edit "$T/small.yaml" <<'KEYS'
<C-f>proxy.port<Enter><Enter><C-u>3128<Enter><Dump>
<C-z><Dump>
<C-z><Dump>
KEYS
in_screen 1 "\[modified\]" "port changed"
in_screen 2 "Port: undone \(0 more changes can be undone\)" "undo names the field"
not_in_screen 2 "\[modified\]" "port back to the file's value"
in_screen 2 ">.*Port \.+ 8080" "focus on the field undone"
in_screen 3 "nothing to undo" "nothing left"
finish
