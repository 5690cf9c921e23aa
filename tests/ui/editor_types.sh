#!/usr/bin/env bash
# Every connection type, filled in the editor from an empty configuration,
# saves a YAML whose export equals the CLI's export of the same values.
. "$(dirname "$0")/editor_lib.bash"

cred=11111111-2222-4333-8444-555555555555
for t in $("$APPVPN" types | awk '{print $1}'); do
  f="$T/$t.yaml"
  extra=""
  case $t in
    custom-ssl) extra='<C-f>subtype<Enter><Enter>com.example.custom<Enter>' ;;
    ikev2) extra='<C-f>local_id<Enter><Enter>client.example.com<Enter>
<C-f>remote_id<Enter><Enter>vpn.example.com<Enter>' ;;
  esac
  edit "$f" <<KEYS
# the new file asks for the type first
$t<Enter>
<C-f>name<Enter><Enter>Test $t<Enter>
<C-f>server<Enter><Enter>vpn.example.com<Enter>
<C-f>apps<Enter><C-n>com.example.app<Enter>
<C-f>credential.uuid<Enter><Enter>$cred<Enter>
$extra
<Dump>
<C-s>
<Dump>
KEYS
  check "editor exit status for $t ($rc): $(cat "$T/err")" [ "$rc" -eq 0 ]
  check "$t: saved" [ -f "$f" ]
  in_screen 1 "\[modified\]" "$t: modified mark before saving"
  in_screen 2 "saved .*$t.yaml" "$t: saved message"
  not_in_screen 2 "\[modified\]" "$t: no modified mark after saving"
  in_screen 2 "no problems" "$t: no problems left"
  yaml_has "$f" "^type: $t\$" "$t: type"
  yaml_has "$f" "^name: Test $t\$" "$t: name"
  slug=$(echo "test-$t" | tr -cd 'a-z0-9-')
  yaml_has "$f" "^identifier: com.example.vpn.$slug\$" "$t: identifier derived from the name"
  for k in profile payload vpn credential; do
    yaml_has "$f" "^  $k: [0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\$" "$t: uuid.$k is a v4 uuid"
  done
  u() { sed -n "s/^  $1: //p" "$f"; }
  sets=(--set "name=Test $t" --set server=vpn.example.com --set 'apps=[com.example.app]'
        --set "credential.uuid=$cred" --set "identifier=com.example.vpn.$slug"
        --set "uuid.profile=$(u profile)" --set "uuid.payload=$(u payload)"
        --set "uuid.vpn=$(u vpn)" --set "uuid.credential=$(u credential)")
  case $t in
    custom-ssl) sets+=(--set subtype=com.example.custom) ;;
    ikev2) sets+=(--set local_id=client.example.com --set remote_id=vpn.example.com) ;;
  esac
  "$APPVPN" new "$t" -o "$T/cli-$t.yaml" "${sets[@]}" >/dev/null 2>"$T/err" ||
    fail "$t: appvpn new: $(cat "$T/err")"
  "$APPVPN" export "$f" -o "$T/ed-$t.mobileconfig" 2>"$T/err" || fail "$t: export of the editor's file: $(cat "$T/err")"
  "$APPVPN" export "$T/cli-$t.yaml" -o "$T/cli-$t.mobileconfig" 2>"$T/err" || fail "$t: export of the CLI's file: $(cat "$T/err")"
  if cmp -s "$T/ed-$t.mobileconfig" "$T/cli-$t.mobileconfig"; then pass; else
    fail "$t: editor and CLI exports differ"
    diff "$T/cli-$t.mobileconfig" "$T/ed-$t.mobileconfig" | head -20 >&2
  fi
done
finish
