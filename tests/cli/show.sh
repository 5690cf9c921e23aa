#!/usr/bin/env bash
# show: the settings that apply, section by section; secrets masked.
. "$(dirname "$0")/lib.bash"

cp -r "$EX" "$T/ex"
run show "$T/ex/cisco-anyconnect.yaml"
expect_rc 0 "show"
expect_out "^Sales AnyConnect — Cisco AnyConnect" "show heading"
expect_out "^Proxy" "proxy section"
expect_out "proxy\.example\.com" "proxy server shown"
expect_no_out "proxy-secret" "proxy password masked"
expect_no_out "example$" "credential password masked"
expect_out "••••••" "mask shown"
expect_out "intranet\.example\.com" "connection parameters shown"
run show --reveal "$T/ex/cisco-anyconnect.yaml"
expect_out "proxy-secret" "--reveal shows the password"

# Only what applies: with no proxy the proxy server field is not shown.
run show "$T/ex/ipsec.yaml"
expect_no_out "Proxy Server URL" "automatic proxy fields hidden"
expect_no_out "Port" "manual proxy fields hidden"
run show "$T/ex/juniper-ssl.yaml"
expect_out "https://proxy\.example\.com/proxy\.pac" "automatic proxy URL shown"

# types / vars
run types
expect_out "^cisco-anyconnect +Cisco AnyConnect +VPN" "types"
expect_out "^ikev2 .*watchOS" "ikev2 on watchOS"
run types ipsec
expect_out "proxy\.port +integer" "keys of a type"
run vars
expect_out '\$\{userUID\} +login ID' "vars catalogue"
expect_out '\$\{deviceSN\}' "device variables"
run vars --translate '$USERID$'
expect_out '^\$\{userUID\}$' "translate EPMM"
run vars --translate '{{serialnumber}}'
expect_out '^\$\{deviceSN\}$' "translate Intune"
finish
