# Directory list (scripted): the rows, open (editor and back), new (the
# editor asks the type), clone (fresh UUIDs, "(copy)", new identifier),
# rename (never overwrites), delete (names the apps, asks first), --view.
. "$(dirname "$0")/editor_lib.bash"

D="$T/vpns"
mkdir "$D"
cp "$EX/ikev2.yaml" "$EX/ipsec.yaml" "$D/"
printf 'format: 1\ntype: nope\nname: Broken\napps: [com.x.crm, com.x.mail]\n' >"$D/broken.yaml"
echo "not a configuration" >"$D/notes.txt"

# --- the rows
edit "$D" <<'KEYS'
<Dump>q
KEYS
check "list exits 0" [ "$rc" -eq 0 ]
in_screen 1 "appvpn: .*vpns \(3 configurations\)" "title counts the configurations"
in_screen 1 "^  File +Name +Type +Server +Status" "column heads"
in_screen 1 "^>!broken\.yaml +Broken +\? +unusable" "unusable file marked, focused first"
in_screen 1 "^  ikev2\.yaml +Watch IKEv2 +IKEv2 +ikev2\.example\.com +valid" "ikev2 row"
in_screen 1 "^  ipsec\.yaml +Field Service IPsec +IPsec \(Cisco\) +ipsec\.example\.com +valid" "ipsec row"
not_in_screen 1 "notes\.txt" "other files are not listed"
in_screen 1 "Apps: com\.x\.crm and com\.x\.mail\. ! unknown type 'nope'" "detail line: problem and apps"
in_screen 1 "^Enter Open  n New  c Clone  r Rename  d Delete  q Quit  F1 Help" "key bar"

# --- help: F1 (or ^G, ?) replaces the list until a key
edit "$D" <<'KEYS'
<F1><Dump><Down><Dump>?<Dump>q<Dump>q
KEYS
in_screen 1 "^ Keys in the directory list" "F1 shows the keys"
in_screen 1 "c or \^K +clone: a copy with new UUIDs and identifier" "help names the plain keys"
not_in_screen 1 "ikev2\.yaml|Status" "the help replaces the list"
in_screen 2 "^>!broken\.yaml" "a key closes the help (and does nothing else)"
in_screen 3 "^ Keys in the directory list" "? shows the keys"
in_screen 4 "^>!broken\.yaml" "q closes the help first"

# --- open: Enter runs the editor; ^Q comes back to the list
edit "$D" <<'KEYS'
<Down><Enter><Dump>-B<Enter><C-s><C-q><Dump>o<Dump><C-q><Dump>q
KEYS
check "open exits 0" [ "$rc" -eq 0 ]
in_screen 1 "appvpn: Watch IKEv2 \(IKEv2\)" "Enter opens the editor on the row"
yaml_has "$D/ikev2.yaml" "^name: Watch IKEv2-B$" "the editor saved the file"
in_screen 2 "^> ikev2\.yaml +Watch IKEv2-B " "back in the list, the row shows the new name"
in_screen 3 "appvpn: Watch IKEv2-B" "o opens too"
in_screen 4 "^> ikev2\.yaml" "the cursor stays on the file"

# --- the broken file cannot be opened
edit "$D" <<'KEYS'
<Enter><Dump>q
KEYS
in_screen 1 "broken\.yaml cannot be opened: unknown type" "unusable files are not opened"

# --- clone
edit "$D" <<'KEYS'
<Down>c<Dump><Enter><Dump>q
KEYS
check "clone exits 0" [ "$rc" -eq 0 ]
in_screen 1 "^Clone ikev2\.yaml to: ikev2-copy\.yaml" "clone asks the new file name"
in_screen 2 "ikev2-copy\.yaml: a copy of ikev2\.yaml with new UUIDs; it lists the same apps" "clone message"
check "the copy exists" [ -f "$D/ikev2-copy.yaml" ]
yaml_has "$D/ikev2-copy.yaml" "^name: Watch IKEv2-B \(copy\)$" "copy is named (copy)"
yaml_has "$D/ikev2-copy.yaml" "^identifier: com\.example\.vpn\.watch\.copy$" "copy has its own identifier"
for k in profile payload vpn credential; do
  a=$(sed -n "/^uuid:/,/^[a-z]/s/^  $k: //p" "$D/ikev2.yaml")
  b=$(sed -n "/^uuid:/,/^[a-z]/s/^  $k: //p" "$D/ikev2-copy.yaml")
  check "uuid.$k is new in the copy ($a / $b)" [ -n "$b" ] && [ "$a" != "$b" ]
  check "uuid.$k of the copy is a v4 UUID" grep -Eq "^  $k: [0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$" "$D/ikev2-copy.yaml"
done
check "the copy validates" "$APPVPN" -q validate "$D/ikev2-copy.yaml"
"$APPVPN" export "$D/ikev2.yaml" -o "$T/a.mobileconfig" >/dev/null 2>&1
"$APPVPN" export "$D/ikev2-copy.yaml" -o "$T/b.mobileconfig" >/dev/null 2>&1
va=$(grep -A1 '<key>VPNUUID</key>' "$T/a.mobileconfig" | tail -1)
vb=$(grep -A1 '<key>VPNUUID</key>' "$T/b.mobileconfig" | tail -1)
check "exported VPNUUIDs differ ($va / $vb)" [ -n "$vb" ] && [ "$va" != "$vb" ]
# a second clone gets another name and identifier
edit "$D" <<'KEYS'
<Down><Down>c<Enter>q
KEYS
check "second copy" [ -f "$D/ikev2-copy-2.yaml" ]
yaml_has "$D/ikev2-copy-2.yaml" "^identifier: com\.example\.vpn\.watch\.copy2$" "second copy's identifier is unique too"

# --- rename: refuses to overwrite; renames otherwise
cp "$D/ipsec.yaml" "$T/ipsec.orig"
cp "$D/ipsec.yaml" "$D/ipsec.yaml.save"
edit "$D" <<'KEYS'
<End><Dump>r<C-u>ikev2.yaml<Enter><Dump>r<C-u>field<Enter><Dump>q
KEYS
in_screen 1 "^ ipsec\.yaml\.save holds unsaved changes \(open to recover\)" "the row's .save is pointed out"
not_in_screen 1 "^[> ][!? ]ipsec\.yaml\.save" "a .save is not listed as a configuration"
check "the .save follows the rename" [ -f "$D/field.yaml.save" ] && [ ! -e "$D/ipsec.yaml.save" ]
rm -f "$D/field.yaml.save"
in_screen 2 "ikev2\.yaml already exists: not renamed" "rename refuses to overwrite"
check "ikev2.yaml intact after the refused rename" grep -q "^name: Watch IKEv2-B$" "$D/ikev2.yaml"
check "field.yaml made (.yaml added)" cmp -s "$D/field.yaml" "$T/ipsec.orig"
check "ipsec.yaml gone" [ ! -e "$D/ipsec.yaml" ]
in_screen 3 "renamed ipsec\.yaml to field\.yaml" "rename message"
in_screen 3 "^> field\.yaml +Field Service IP" "cursor follows the renamed file"

# --- delete: names the apps, asks; n keeps, y deletes
edit "$D" <<'KEYS'
d<Dump>n<Dump><Down>d<Dump>y<Dump>q
KEYS
in_screen 1 "^Delete broken\.yaml\? com\.x\.crm and com\.x\.mail will lose their VPN \(y/n\)" "delete names the apps"
in_screen 1 "^y Yes  n/Esc No" "y/n key bar"
in_screen 2 "nothing deleted" "n keeps it"
check "broken.yaml kept" [ -f "$D/broken.yaml" ]
in_screen 3 "^Delete field\.yaml\? com\.example\.fieldservice will lose its VPN" "one app: its VPN"
check "field.yaml deleted" [ ! -e "$D/field.yaml" ]
in_screen 4 "deleted field\.yaml" "delete message"

# --- new: a file name, then the editor asks the type
edit "$D" <<'KEYS'
n<Dump><C-u>branch<Enter><Dump>ikev2<Enter>Branch<Enter><C-s><C-q><Dump>n<C-u>ikev2.yaml<Enter><Dump>q
KEYS
check "new exits 0" [ "$rc" -eq 0 ]
in_screen 1 "^New file name: new\.yaml" "new asks a file name"
in_screen 2 "Connection type" "the editor asks the type"
check "branch.yaml saved" grep -q "^type: ikev2$" "$D/branch.yaml"
yaml_has "$D/branch.yaml" "^  vpn: [0-9A-F-]{36}$" "the new file has UUIDs"
in_screen 3 "^>!branch\.yaml +Branch +IKEv2 .* 4 errors$" "the new file is in the list"
in_screen 4 "ikev2\.yaml already exists: choose another name" "new refuses an existing name"

# --- --view: only viewing
before=$(ls "$D" | sort | tr '\n' ' ')
edit "$D" --view <<'KEYS'
<Dump>d<Dump>c<Dump>n<Dump>r<Dump><End><Enter><Dump>-<Dump><C-q><Dump>q
KEYS
check "view exits 0" [ "$rc" -eq 0 ]
in_screen 1 "\[read-only\]" "title says read-only"
in_screen 1 "^Enter View  q Quit  F1 Help" "read-only key bar"
for n in 2 3 4 5; do in_screen $n "read-only view: configurations can only be opened for viewing" "refused in view ($n)"; done
in_screen 6 "\[read-only\]" "the editor opens read-only"
in_screen 7 "read-only view: nothing can be changed" "and refuses edits"
in_screen 8 "^> ikev2\.yaml" "back in the list"
check "view changed nothing" [ "$before" = "$(ls "$D" | sort | tr '\n' ' ')" ]

# --- small sizes
edit "$D" <<'KEYS'
<Resize 40x8><Dump><Resize 20x5><Dump><Resize 19x4><Dump><Resize 80x24><Dump>q
KEYS
in_screen 1 "^>!branch\.yaml +Branch$" "40x8: file and name"
in_screen 1 "^Enter Open n New c Clone r Rename$" "40x8: key bar shortened"
in_screen 2 "^>!branch\.yaml$" "20x5: file only"
in_screen 3 "^terminal too small" "19x4: too small"
in_screen 4 "^  File +Name +Type" "80x24 again: full list"
finish
