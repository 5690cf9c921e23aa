#!/usr/bin/env bash
# The identity in credential.file: validate and export warn when its
# certificate expires within 30 days, refuse it when it has expired or the
# .p12 holds no private key; show prints its subject and expiry.
. "$(dirname "$0")/lib.bash"
cd "$T" || exit 1
command -v openssl >/dev/null || { echo "openssl not found: skipped"; exit 0; }

cat >ca.cnf <<'CNF'
[ca]
default_ca = ca_default
[ca_default]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[any]
commonName = supplied
CNF
: >index.txt
echo 01 >serial

mkp12() { # mkp12 NAME CN DAYS|expired [nokey]
  openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
  if [ "$3" = expired ]; then
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$1.key" -in "$1.csr" -out "$1.pem" \
      -startdate 20200101000000Z -enddate 20200201000000Z 2>/dev/null
  else
    openssl x509 -req -in "$1.csr" -signkey "$1.key" -days "$3" -out "$1.pem" 2>/dev/null
  fi
  if [ "${4:-}" = nokey ]; then
    openssl pkcs12 -export -nokeys -in "$1.pem" -passout pass:pw -out "$1.p12" 2>/dev/null
  else
    openssl pkcs12 -export -in "$1.pem" -inkey "$1.key" -passout pass:pw -out "$1.p12" 2>/dev/null
  fi
  [ -s "$1.p12" ] || fail "could not make $1.p12"
}

mkcfg() { # mkcfg NAME P12
  "$APPVPN" new cisco-anyconnect -o "$1.yaml" --set "name=$1" --set server=vpn.example.com \
    --set "credential.file=$2" --set credential.password=pw >/dev/null 2>&1
}

mkp12 good good.example.com 400
mkp12 soon soon.example.com 10
mkp12 old old.example.com expired
mkp12 bare bare.example.com 400 nokey
for n in good soon old bare; do mkcfg "$n" "$n.p12"; done

run validate good.yaml
expect_rc 0 "validate with a valid identity"
if grep -q "expire\|private key" "$T/out" "$T/err"; then fail "good identity reported: $(cat "$T/err")"; else pass; fi
run show good.yaml
expect_out "Certificate \.+ CN=good\.example\.com, expires [0-9]{4}-[0-9]{2}-[0-9]{2} \(in (399|400) days\)" "show: subject and expiry"

run validate soon.yaml
expect_rc 0 "validate: an identity expiring soon is only a warning"
expect_err "soon.yaml:[0-9]+:[0-9]+: warning: the certificate in soon.p12 \(CN=soon.example.com\) expires on [0-9-]+ [0-9:]+ UTC, in (9|10) days \[credential.file\]" "expiry warning"
run export soon.yaml -o soon.mobileconfig
expect_rc 0 "export of an identity expiring soon"
expect_err "warning: the certificate in soon.p12 .* expires on" "export warns"

run validate old.yaml
expect_rc 1 "validate: an expired identity is an error"
expect_err "error: the certificate in old.p12 \(CN=old.example.com\) expired on 2020-02-01 00:00:00 UTC" "expired"
run export old.yaml -o old.mobileconfig
expect_rc 1 "export refuses an expired identity"
[ -e old.mobileconfig ] && fail "export wrote a profile with an expired identity" || pass
run show old.yaml
expect_out "Certificate \.+ CN=old\.example\.com, expired 2020-02-01" "show: expired"

run validate bare.yaml
expect_rc 1 "validate: a .p12 without its private key is an error"
expect_err "error: bare.p12 holds no private key for its certificate \(CN=bare.example.com\)" "no key"
run export bare.yaml -o bare.mobileconfig
expect_rc 1 "export refuses a .p12 without a key"

# A password the MDM fills in (a variable) leaves the contents unread: no error.
"$APPVPN" set soon.yaml 'credential.password=${userPassword}' >/dev/null 2>&1
run validate soon.yaml
if grep -q "expires on" "$T/err"; then fail "read a .p12 whose password is a variable"; else pass; fi
finish
