#!/usr/bin/env bash
# Shipping from the editor (scripted): export signs with the identity the
# settings file names (${XDG_CONFIG_HOME}/appvpn/settings.yaml), which
# openssl verifies; a settings file others may write, or not the user's, is
# refused with a message and nothing is written; the directory list's b
# bundles every usable configuration into one profile, signed too.
. "$(dirname "$0")/editor_lib.bash"
command -v openssl >/dev/null || { echo "skipped: no openssl"; echo "0 passed, 0 failed"; exit 0; }

export XDG_CONFIG_HOME="$T/config" COLUMNS=200 # the messages name long paths
mkdir -p "$XDG_CONFIG_HOME/appvpn"
S="$XDG_CONFIG_HOME/appvpn"
export OPENSSL_CONF=/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/ca.key" -out "$T/ca.pem" -days 30 -subj "/CN=appvpn Test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$S/signer.key" -out "$T/signer.csr" -subj "/CN=Editor Signer" 2>/dev/null
openssl x509 -req -in "$T/signer.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -out "$S/signer.pem" -days 30 2>/dev/null
openssl pkcs12 -export -in "$S/signer.pem" -inkey "$S/signer.key" -out "$T/signer.p12" -passout pass:sesame 2>/dev/null

D="$T/vpns"
mkdir "$D"
cp -r "$EX/ikev2.yaml" "$EX/ipsec.yaml" "$EX/f5-ssl.yaml" "$D/"
f="$D/ikev2.yaml"

# no settings file: a plain profile
edit "$f" <<'KEYS'
<C-x><Enter><Dump>
<C-q>
KEYS
out="$D/watch-ikev2.mobileconfig"
head -c 5 "$out" | grep -q '<?xml' && pass || fail "without settings, a plain XML profile"
in_screen 1 "exported $out\$|exported $out " "export message"
rm -f "$out"

# cert + key (relative to the settings file)
printf 'signing:\n  cert: signer.pem\n  key: signer.key\n' >"$S/settings.yaml"
chmod 600 "$S/settings.yaml"
edit "$f" <<'KEYS'
<C-x><Enter><Dump>
<C-q>
KEYS
in_screen 1 "exported .*, signed by CN=Editor Signer" "the message names the signer"
openssl cms -verify -inform DER -in "$out" -CAfile "$T/ca.pem" -out "$T/content.xml" 2>/dev/null &&
  pass || fail "openssl cms -verify accepts the editor's signed export"
"$APPVPN" export "$f" -o "$T/cli.mobileconfig" 2>/dev/null
cmp -s "$T/content.xml" "$T/cli.mobileconfig" && pass || fail "the signed content is the CLI's profile"
rm -f "$out"

# a .p12 with its password in a file
echo sesame >"$T/p12pass"
printf 'signing:\n  p12: %s\n  password_file: %s\n' "$T/signer.p12" "$T/p12pass" >"$S/settings.yaml"
edit "$f" <<'KEYS'
<C-x><Enter><Dump>
<C-q>
KEYS
in_screen 1 "signed by CN=Editor Signer" "signed with the .p12"
openssl cms -verify -inform DER -in "$out" -CAfile "$T/ca.pem" -out /dev/null 2>/dev/null &&
  pass || fail "the .p12-signed export verifies"
rm -f "$out"

# a settings file others may write: refused, nothing written
chmod 620 "$S/settings.yaml"
edit "$f" <<'KEYS'
<C-x><Enter><Dump>
<C-q>
KEYS
in_screen 1 "export refused: .*settings\.yaml is writable by its group: not used for signing" "group-writable refused"
[ ! -e "$out" ] && pass || fail "nothing written with a group-writable settings file"
chmod 602 "$S/settings.yaml"
edit "$f" <<'KEYS'
<C-x><Enter><Dump>
<C-q>
KEYS
in_screen 1 "writable by others" "world-writable refused"
chmod 600 "$S/settings.yaml"
# another user's settings file (can only be made as root)
if [ "$(id -u)" = 0 ]; then
  chown 65534 "$S/settings.yaml"
  edit "$f" <<'KEYS'
<C-x><Enter><Dump>
<C-q>
KEYS
  in_screen 1 "export refused: .*settings\.yaml is not yours \(owner uid 65534\)" "another user's file refused"
  [ ! -e "$out" ] && pass || fail "nothing written with another user's settings file"
  chown 0 "$S/settings.yaml"
fi
# a broken signing section
printf 'signing:\n  cert: signer.pem\n' >"$S/settings.yaml"
edit "$f" <<'KEYS'
<C-x><Enter><Dump>
<C-q>
KEYS
in_screen 1 "export refused: .*signing takes \{cert, key" "an incomplete identity is named"
[ ! -e "$out" ] && pass || fail "nothing written with a broken settings file"

# the directory list: b bundles everything, signed
printf 'signing:\n  cert: signer.pem\n  key: signer.key\n' >"$S/settings.yaml"
edit "$D" <<'KEYS'
b<Dump><Enter><Dump>q
KEYS
in_screen 1 "Bundle 3 configurations into: bundle\.mobileconfig" "b asks where"
in_screen 2 "bundle\.mobileconfig: 3 configurations in one profile, signed by CN=Editor" "the bundle message"
openssl cms -verify -inform DER -in "$D/bundle.mobileconfig" -CAfile "$T/ca.pem" -out "$T/bundle.xml" 2>/dev/null &&
  pass || fail "the signed bundle verifies"
n=$(grep -c '<string>com.apple.vpn.managed.applayer</string>' "$T/bundle.xml")
[ "$n" = 3 ] && pass || fail "three per-app VPN payloads, not $n"
"$APPVPN" export "$D/f5-ssl.yaml" "$D/ikev2.yaml" "$D/ipsec.yaml" -o "$T/cli-bundle.mobileconfig" 2>/dev/null
cmp -s "$T/bundle.xml" "$T/cli-bundle.mobileconfig" && pass || fail "the list's bundle is the CLI's"
edit "$D" --view <<'KEYS'
b<Dump>q
KEYS
not_in_screen 1 "Bundle 3" "--view does not bundle"
finish
