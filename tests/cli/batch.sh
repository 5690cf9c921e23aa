#!/usr/bin/env bash
# export --users USERS.csv -o DIR/: one profile per row, variables filled,
# all or nothing, bad rows at their line, names sanitised and unique.
. "$(dirname "$0")/lib.bash"

cp -r "$EX"/. "$T/"
cd "$T" || exit 3
c=cisco-anyconnect.yaml   # account: ${userUID}, proxy user ${userUIDLocalPart}

cat >users.csv <<'CSV'
userUID,userUIDLocalPart,userEmailAddress
alice@example.com,alice,alice@example.com
"bob@example.com",bob,"bob@example.com"
zoë@example.com,zoë,"zoe@example.com"
CSV
run export "$c" --users users.csv -o profiles/
expect_rc 0 "three users"
[ "$(ls profiles | wc -l)" -eq 3 ] && pass || fail "three files: $(ls profiles)"
python3 - <<'PY' && pass || fail "variables filled per row"
import plistlib
for u, local in (("alice@example.com", "alice"), ("bob@example.com", "bob"), ("zoë@example.com", "zoë")):
    p = plistlib.load(open("profiles/%s.mobileconfig" % u, "rb"))
    vpn = p["PayloadContent"][0]["VPN"]
    assert vpn["AuthName"] == u, vpn
    assert p["PayloadContent"][0]["Proxies"]["HTTPProxyUsername"] == local
PY
[ "$(stat -c %a profiles/alice@example.com.mobileconfig)" = 600 ] && pass || fail "profiles holding passwords are 0600"
[ ! -e "$(ls -d profiles.appvpn-batch-* 2>/dev/null | head -1)" ] && pass || fail "no staging directory left"

# each file is byte for byte what export --var gives for that row
for u in alice bob; do
  "$APPVPN" -q export "$c" --var userUID=$u@example.com --var userUIDLocalPart=$u \
    --var userEmailAddress=$u@example.com -o one-$u.mobileconfig || fail "export --var $u"
  same_file one-$u.mobileconfig profiles/$u@example.com.mobileconfig "batch file = export --var ($u)"
done
"$APPVPN" -q export "$c" --var 'userUID=zoë@example.com' --var 'userUIDLocalPart=zoë' \
  --var userEmailAddress=zoe@example.com -o one-zoe.mobileconfig
same_file one-zoe.mobileconfig 'profiles/zoë@example.com.mobileconfig' "batch file = export --var (UTF-8)"
printf 'userUID,userUIDLocalPart,userEmailAddress\n"a&b<c>@example.com",x,y\n' >amp.csv
run export "$c" --users amp.csv -o amp/ --name 'amp.mobileconfig'
expect_rc 0 "XML special characters in a value"
"$APPVPN" -q export "$c" --var 'userUID=a&b<c>@example.com' --var userUIDLocalPart=x \
  --var userEmailAddress=y -o amp-one.mobileconfig
same_file amp-one.mobileconfig amp/amp.mobileconfig "escaped as export escapes"

# a value that does not fit where it lands: the server's host name
cp "$c" host.yaml
"$APPVPN" -q set host.yaml 'proxy.server=${userUIDLocalPart}.proxy.example.com' || fail "set a variable proxy server"
printf 'userUID,userUIDLocalPart\nalice@example.com,alice\nbob@example.com,not a host\n' >hosts.csv
run export host.yaml --users hosts.csv -o hosts/
expect_rc 1 "a value that is not a host name"
expect_err "^hosts\.csv:3: error: proxy\.server would be 'not a host\.proxy\.example\.com'" "checked at the row's line"
[ ! -e hosts ] && pass || fail "nothing written"
printf 'userUID,userUIDLocalPart\nalice@example.com,"a\033b"\n' >ctl.csv
run export "$c" --users ctl.csv -o ctl/
expect_rc 1 "a control character in a value"
[ ! -e ctl ] && pass || fail "nothing written (control character)"

# a bad row: its line, nothing written
cat >bad.csv <<'CSV'
userUID,userUIDLocalPart
alice@example.com,alice
"carol@example.com
still carol",carol
dan@example.com
CSV
run export "$c" --users bad.csv -o out-bad/
expect_rc 1 "a bad row"
expect_err '^bad\.csv:5: error: 1 field, the header has 2$' "the bad row at its line (after a two-line field)"
[ ! -e out-bad ] && pass || fail "nothing written"
ls -a | grep -q appvpn-batch && fail "staging directory left" || pass

# a row that does not validate (a port variable that is not a number)
cp "$c" port.yaml
"$APPVPN" -q set port.yaml 'proxy.port=${userUIDLocalPart}' || fail "set a variable port"
printf 'userUID,userUIDLocalPart\nalice@example.com,8080\nbob@example.com,bob\n' >ports.csv
run export port.yaml --users ports.csv -o out-port/
expect_rc 1 "a row that fails validation"
expect_err '^ports\.csv:3: error: .*\[proxy\.port\]' "validated per row, at the row's line"
[ ! -e out-port ] && pass || fail "nothing written"
run export port.yaml --users ports.csv -o out-port/ --keep-going
expect_rc 1 "--keep-going still exits 1"
[ -e out-port/alice@example.com.mobileconfig ] && [ ! -e out-port/bob@example.com.mobileconfig ] && pass ||
  fail "--keep-going writes the good rows only: $(ls out-port 2>&1)"

# names: sanitised, unique, templated
printf 'userUID,dept\n../../etc/passwd,a\n.hidden,b\nx/y,c\n' >names.csv
run export "$c" --users names.csv -o out-names/
expect_rc 0 "odd names"
[ -e "out-names/.._.._etc_passwd.mobileconfig" ] || [ -e "out-names/_._.._etc_passwd.mobileconfig" ] && pass ||
  fail "'/' replaced: $(ls -a out-names)"
[ -e out-names/_hidden.mobileconfig ] && pass || fail "a leading dot replaced: $(ls -a out-names)"
[ -e out-names/x_y.mobileconfig ] && pass || fail "x/y -> x_y"
[ ! -e etc ] && pass || fail "nothing outside DIR"
printf 'userUID,dept\na@example.com,sales\nb@example.com,sales\n' >dup.csv
run export "$c" --users dup.csv -o out-dup/ --name '{dept}.mobileconfig'
expect_rc 1 "two rows, one name"
expect_err "^dup\.csv:3: error: this row's file sales\.mobileconfig is also line 2's" "duplicate named"
[ ! -e out-dup ] && pass || fail "nothing written on duplicates"
run export "$c" --users dup.csv -o out-dup/ --name '{nosuch}.mobileconfig'
expect_rc 1 "a template naming no column"
expect_err '\{nosuch\} is not a column' "says so"
run export "$c" --users dup.csv -o out-t/ --name 'vpn-{dept}-{userUID}.plist'
expect_rc 0 "a template of two columns"
[ -e out-t/vpn-sales-a@example.com.plist ] && pass || fail "templated name: $(ls out-t)"

# into an existing directory: other files stay
mkdir keep && echo other >keep/other.txt
run export "$c" --users users.csv -o keep
expect_rc 0 "into an existing directory"
[ -e keep/other.txt ] && [ -e keep/bob@example.com.mobileconfig ] && pass || fail "existing directory: $(ls keep)"
ls -a keep | grep -q appvpn-batch && fail "staging left in keep" || pass

# usage
run export "$c" --users users.csv; expect_rc 2 "--users without -o"
run export "$c" --name x; expect_rc 2 "--name without --users"
# A file that cannot be written (files over 1 KiB refused by the limit):
# exit 3, the file named, nothing left behind (the staging directory goes).
{
  python3 -c 'print("userUID,userEmailAddress")
for i in range(500): print(f"u{i}@example.com,u{i}@example.com")' >many.csv
  (trap '' XFSZ; ulimit -f 1; "$APPVPN" export "$c" --users many.csv -o toobig/) >"$T/out" 2>"$T/err"
  rc=$?
}
expect_rc 3 "a write that fails"
expect_err "^appvpn export: writing .*\.mobileconfig: File too large" "the failing file named"
[ ! -e toobig ] && pass || fail "toobig/ written: $(ls toobig | head -3)"
ls -a | grep -q 'toobig.appvpn-batch' && fail "staging left behind" || pass
run export "$c" --users many.csv -o many/
expect_rc 0 "500 rows"
[ "$(ls many | wc -l)" -eq 500 ] && pass || fail "500 rows gave $(ls many | wc -l) files"
finish
