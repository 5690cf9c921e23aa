#!/usr/bin/env bash
# appvpn diff: settings that differ between configurations and profiles, by
# label and key; lists item by item; secrets masked; exit 0/1/2+ like diff.
. "$(dirname "$0")/lib.bash"

cp -r "$EX"/. "$T/"
cd "$T" || exit 3
a=cisco-anyconnect.yaml

# a configuration and its own export (XML and binary) are equal
"$APPVPN" -q export "$a" -o a.mobileconfig || fail "export"
"$APPVPN" -q export "$a" --format binary -o a.bin.mobileconfig || fail "export binary"
for p in a.mobileconfig a.bin.mobileconfig; do
  run diff "$a" "$p"; expect_rc 0 "a configuration against its export ($p)"
  [ ! -s "$T/out" ] && pass || fail "$p: equal prints nothing: $(cat "$T/out")"
  run diff "$p" "$a"; expect_rc 0 "the other way round ($p)"
done
for y in *.yaml; do
  "$APPVPN" -q export "$y" -o "$y.mobileconfig" 2>/dev/null || continue
  run diff "$y" "$y.mobileconfig"; expect_rc 0 "$y against its export"
done

# changes: old -> new by label and key, secrets masked
cp "$a" b.yaml
"$APPVPN" -q set b.yaml server=vpn2.example.com proxy.password=new-secret 'domains.safari[0]=' \
  'domains.associated[1]=extra.example.com' || fail "set"
run diff "$a" b.yaml
expect_rc 1 "different"
expect_out '^~ Server \(server\): vpn\.example\.com -> vpn2\.example\.com$' "a changed value"
expect_out '^~ Password \(proxy\.password\): •+ -> •+ \(changed\)$' "a changed secret, masked"
expect_no_out 'new-secret|proxy-secret' "no secret in the output"
expect_out '^- Safari Domains \(domains\.safari\): crm\.example\.com$' "a removed list item"
expect_out '^\+ Associated Domains \(domains\.associated\): extra\.example\.com$' "an added list item"
[ "$(wc -l <"$T/out")" -eq 4 ] && pass || fail "four lines: $(cat "$T/out")"
run diff --reveal "$a" b.yaml
expect_out 'proxy-secret -> new-secret' "--reveal shows secrets"
run diff b.yaml a.mobileconfig
expect_rc 1 "a configuration against another's profile"
expect_out '^~ Server \(server\): vpn2\.example\.com -> vpn\.example\.com$' "compared through the profile"

# 10,000 domains, one added: one line
python3 - <<'PY'
text = open("cisco-anyconnect.yaml").read()
doms = "".join("    - d%d.example.com\n" % i for i in range(10000))
open("big1.yaml", "w").write(text.replace("  safari:\n", "  safari:\n" + doms, 1))
open("big2.yaml", "w").write(text.replace("  safari:\n", "  safari:\n" + doms + "    - one-more.example.com\n", 1))
PY
run diff big1.yaml big2.yaml
expect_rc 1 "one domain more"
[ "$(wc -l <"$T/out")" -eq 1 ] && pass || fail "one line for one item: $(head -5 "$T/out")"
expect_out '^\+ Safari Domains \(domains\.safari\): one-more\.example\.com$' "the added domain"
# reordered only
python3 - <<'PY'
text = open("cisco-anyconnect.yaml").read()
open("reord.yaml", "w").write(text.replace("    - crm.example.com\n    - reports.example.com\n",
                                           "    - reports.example.com\n    - crm.example.com\n", 1))
PY
run diff "$a" reord.yaml
expect_rc 1 "reordered"
expect_out 'same items, new order' "says reordered"

# show reads a profile too (git's textconv): the same settings as its configuration's
run show a.bin.mobileconfig
expect_rc 0 "show a binary profile"
expect_out '^  Server \.+ vpn\.example\.com$' "show of a profile: the server"
expect_out '^  Safari Domains \.+ crm\.example\.com, reports\.example\.com$' "show of a profile: a list"
expect_no_out 'proxy-secret|example$' "show of a profile: secrets masked"

# trouble: exit 2 usage, 3 unreadable or not a configuration
run diff "$a"; expect_rc 2 "one file"
run diff "$a" missing.yaml; expect_rc 3 "a missing file"
printf 'format: 1\ntype: [oops\n' >broken.yaml
run diff "$a" broken.yaml; expect_rc 3 "a broken file"
expect_err 'broken\.yaml:[0-9]+:[0-9]+: error' "its position"
finish
