#!/usr/bin/env bash
# The editor writes through the same rules as the command line
# (docs/files.md): ^X never onto the open configuration, into a FIFO or
# device without replacing it; ^S refuses a read-only file.
. "$(dirname "$0")/editor_lib.bash"

f="$T/e.yaml"
"$APPVPN" new f5-ssl -o "$f" --set name=Files --set server=vpn.example.com \
  --set credential.uuid=11111111-2222-4333-8444-555555555555 >/dev/null 2>&1 || fail "appvpn new"
cp "$f" "$T/orig.yaml"
mkfifo "$T/fifo"

# ^X onto the configuration itself (also through a link): refused, the YAML
# stays YAML. ^X into a FIFO (after the question any existing name gets):
# written into, never replaced; nobody reading it is an error, not a hang.
ln -s e.yaml "$T/alias.yaml"
edit "$f" <<KEYS
<C-x><C-u>$f<Enter><Dump>
<C-x><C-u>$T/alias.yaml<Enter><Dump>
<C-x><C-u>$T/fifo<Enter>y<Dump>
<C-q>n
KEYS
in_screen 1 "configuration being edited|it is the input file" "^X onto the open configuration"
in_screen 2 "configuration being edited|it is the input file" "^X onto a link to it"
cmp -s "$f" "$T/orig.yaml" && pass || fail "^X replaced the configuration"
in_screen 3 "it is a FIFO and nothing" "^X into a FIFO nobody reads"
[ -p "$T/fifo" ] && pass || fail "^X replaced the FIFO"

# ^S on a read-only file: refused, the file and its mode stay.
chmod 444 "$f"
edit "$f" <<'KEYS'
<C-f>description<Enter><Enter>changed<Enter>
<C-s><Dump>
<C-q>n
KEYS
in_screen 1 "read-only \(mode 0444\)" "^S on a read-only file"
cmp -s "$f" "$T/orig.yaml" && pass || fail "^S wrote a read-only file"
[ "$(stat -c %a "$f")" = 444 ] && pass || fail "^S changed the mode"
[ -e "$f.lock" ] && fail "^S left $f.lock" || pass
finish
