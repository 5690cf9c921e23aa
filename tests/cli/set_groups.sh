#!/usr/bin/env bash
# Whole groups of settings from the command line: `set FILE 'proxy={...}'`,
# `--set 'on_demand={...}'` and `set FILE credential=` act like the same YAML
# in the file, through the same checks; a bad map changes nothing.
. "$(dirname "$0")/lib.bash"
A=$APPVPN
f=$T/g.yaml
run new cisco-anyconnect -o "$f" --set name=Groups --set server=vpn.example.com \
  --set 'proxy={setup: manual, server: proxy.example.com, port: 8080}'
expect_rc 0 "new --set proxy={...}"
grep -q '^  server: proxy.example.com' "$f" && grep -q '^  port: 8080' "$f" && pass ||
  fail "new --set proxy map not stored: $(cat "$f")"

# The same map in the file and from the command line give the same file.
cp "$f" "$T/by-hand.yaml"
run set "$f" 'proxy={setup: manual, server: proxy.example.com, port: 8080}'
expect_rc 0 "set proxy={...} again"
same_file "$f" "$T/by-hand.yaml" "set of the same proxy map"

# Replacing: keys not in the new map are gone, as if the group were rewritten.
run set "$f" 'proxy={setup: automatic, url: "https://pac.example.com/p.pac"}'
expect_rc 0 "set proxy={setup: automatic...}"
grep -q 'setup: automatic' "$f" && ! grep -q 'proxy.example.com' "$f" && pass ||
  fail "proxy map not replaced: $(cat "$f")"
run show "$f"
expect_out 'pac.example.com' "show after proxy map"

# An unknown key or a wrong shape: an error naming the key, the file untouched.
cp "$f" "$T/before.yaml"
run set "$f" 'proxy={setup: manual, bogus: 1}'
expect_rc 1 "unknown key in proxy map"
expect_err "'proxy.bogus' is not a setting" "unknown key named"
same_file "$f" "$T/before.yaml" "unknown key leaves the file"
run set "$f" 'proxy={setup: manual, port: "http"}'
expect_rc 1 "wrong type in proxy map"
expect_err 'proxy.port' "wrong type names proxy.port"
same_file "$f" "$T/before.yaml" "wrong type leaves the file"
run set "$f" proxy=5
expect_rc 1 "proxy=5"
expect_err "'proxy' is a group of settings" "proxy=5 explains"
same_file "$f" "$T/before.yaml" "proxy=5 leaves the file"

# Nested groups and records: on_demand with its rules.
run set "$f" 'on_demand={enabled: true, rules: [{action: connect, match: {dns_domain: [corp.example.com]}}, {action: disconnect}]}'
expect_rc 0 "set on_demand={...}"
run export "$f" --var x=y -o - 2>/dev/null
run show "$f"
expect_out 'corp.example.com' "on_demand rules stored"
[ "$(grep -c 'action:' "$f")" -eq 2 ] && pass || fail "two rules expected: $(cat "$f")"

# Unset a whole group.
run set "$f" on_demand= proxy=
expect_rc 0 "unset on_demand and proxy"
! grep -Eq '^(proxy|on_demand):' "$f" && pass || fail "groups not removed: $(cat "$f")"
run set "$f" 'credential={file: missing.p12}'
grep -q 'file: missing.p12' "$f" && pass || fail "credential map not stored"
run set "$f" credential=
expect_rc 0 "credential= (stored; the missing credential reported)"
expect_err "Credential .* is required" "credential= reports what is now missing"
! grep -q '^credential:' "$f" && pass || fail "credential not removed: $(cat "$f")"
run set "$f" 'proxy={}'
expect_rc 0 "proxy={}"
! grep -q '^proxy:' "$f" && pass || fail "proxy={} keeps nothing"
finish
