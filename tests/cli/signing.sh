#!/usr/bin/env bash
# Signed profiles: export signs (certificate + key, or a .p12) as CMS
# SignedData that openssl verifies against the test CA; import, show and diff
# read signed profiles (XML and binary content, openssl smime output), name
# the signer, warn when it does not verify, and refuse a broken signature.
. "$(dirname "$0")/lib.bash"
command -v openssl >/dev/null || { echo "skipped: no openssl"; echo "0 passed, 0 failed"; exit 0; }

cp -r "$EX"/. "$T/"
cd "$T" || exit 3
c=ikev2.yaml
export OPENSSL_CONF=/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=appvpn Test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout signer.key -out signer.csr -subj "/CN=Profile Signer/O=Example" 2>/dev/null
openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out signer.pem -days 30 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 30 -subj "/CN=Someone Else" 2>/dev/null
openssl pkcs12 -export -in signer.pem -inkey signer.key -certfile ca.pem -out signer.p12 -passout pass:p12-pass 2>/dev/null
[ -s signer.p12 ] && pass || fail "test identity made"

"$APPVPN" -q export "$c" -o plain.mobileconfig || fail "plain export"
"$APPVPN" -q export "$c" --format binary -o plain.bin || fail "plain binary export"

# out: certificate + key (+ chain)
run export "$c" --sign-cert signer.pem --sign-key signer.key --sign-chain ca.pem -o s.mobileconfig
expect_rc 0 "export signed with a certificate and key"
openssl cms -verify -inform DER -in s.mobileconfig -CAfile ca.pem -out content.xml 2>/dev/null &&
  pass || fail "openssl cms -verify accepts it against the CA"
same_file content.xml plain.mobileconfig "the signed content is the profile export writes"
# out: a .p12 with its password from a file, binary content
echo p12-pass >pw.txt
run export "$c" --sign-p12 signer.p12 --sign-pass-file pw.txt --format binary -o sb.mobileconfig
expect_rc 0 "export signed with a .p12"
openssl cms -verify -inform DER -in sb.mobileconfig -CAfile ca.pem -out content.bin 2>/dev/null &&
  pass || fail "the .p12-signed profile verifies"
same_file content.bin plain.bin "binary content"
echo wrong >bad.txt
run export "$c" --sign-p12 signer.p12 --sign-pass-file bad.txt -o never.mobileconfig
expect_rc 3 "a wrong .p12 password"
expect_err 'wrong password' "says so"
[ ! -e never.mobileconfig ] && pass || fail "nothing written"
run export "$c" --sign-cert signer.pem --sign-key other.key -o never.mobileconfig
expect_rc 3 "a key that is not the certificate's"
run export "$c" --sign-cert signer.pem -o never.mobileconfig
expect_rc 2 "a certificate without its key"
# batch: every profile signed
printf 'userUID\nalice@example.com\nbob@example.com\n' >users.csv
run export "$c" --users users.csv -o signed-users --sign-cert signer.pem --sign-key signer.key
expect_rc 0 "batch export, signed"
for u in alice bob; do
  openssl cms -verify -inform DER -in "signed-users/$u@example.com.mobileconfig" -CAfile ca.pem -out /dev/null 2>/dev/null &&
    pass || fail "$u's profile is signed"
done

# in: import, show, diff
run import s.mobileconfig -o s.yaml --ca ca.pem
expect_rc 0 "import a signed profile"
expect_err 's\.mobileconfig: note: signed by CN=Profile Signer, O=Example \(verified\)' "signer named, verified"
run diff "$c" s.mobileconfig --ca ca.pem
expect_rc 0 "a signed export equals its configuration"
run import sb.mobileconfig -o sb.yaml --ca ca.pem
expect_rc 0 "import signed binary content"
run show s.mobileconfig
expect_rc 0 "show a signed profile (system trust store)"
expect_err 'warning: signed by CN=Profile Signer, O=Example, not verified' "unknown signer: a warning"
expect_out 'Watch IKEv2' "and the settings"
run import s.mobileconfig -o s2.yaml --ca other.pem
expect_rc 0 "a signer the given CA does not vouch for: still imported"
expect_err 'not verified' "with a warning"
openssl smime -sign -in plain.mobileconfig -signer signer.pem -inkey signer.key -outform der -nodetach -out smime.mobileconfig 2>/dev/null
run diff smime.mobileconfig plain.mobileconfig --ca ca.pem
expect_rc 0 "openssl smime -sign -outform der -nodetach output is read"
# a broken signature: an error, nothing written
python3 - <<'PY'
d = bytearray(open("s.mobileconfig", "rb").read())
i = d.find(b"Watch IKEv2")
d[i] ^= 1
open("broken.mobileconfig", "wb").write(d)
PY
run import broken.mobileconfig -o broken.yaml --ca ca.pem
expect_rc 1 "a changed signed profile"
expect_err 'signature does not match the content' "says why"
[ ! -e broken.yaml ] && pass || fail "nothing written"
head -c 200 s.mobileconfig >trunc.mobileconfig
run import trunc.mobileconfig -o trunc.yaml
[ "$rc" -ne 0 ] && pass || fail "a truncated signed profile is refused"
finish
