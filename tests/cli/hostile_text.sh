#!/usr/bin/env bash
# Hostile bytes: text with ESC, BEL, C1 controls, invalid or truncated UTF-8
# is refused by set (file untouched) and by load (FILE:LINE:COL), reported
# by import, and never reaches the terminal raw: every output path is checked
# byte for byte and through cat -v.
. "$(dirname "$0")/lib.bash"

ESC=$'\e' BEL=$'\a' C1=$'\xc2\x9b'

# clean FILE what: valid UTF-8, no C0 control but line feed, no DEL, no C1;
# and cat -v shows no ^[ (ESC) or ^G (BEL).
clean() {
  if python3 - "$1" <<'PY'; then pass; else fail "$2: raw control bytes: $(cat -v "$1" | head -c 400)"; fi
import sys
b = open(sys.argv[1], 'rb').read()
try:
    t = b.decode('utf-8')
except UnicodeDecodeError:
    sys.exit(1)
sys.exit(1 if any((ord(c) < 0x20 and c != '\n') or 0x7f <= ord(c) <= 0x9f or ord(c) in (0xfffe, 0xffff) for c in t) else 0)
PY
  if cat -v "$1" | grep -q '\^\[\|\^G'; then fail "$2: cat -v shows ^[ or ^G"; else pass; fi
}
outputs_clean() { clean "$T/out" "$1 (stdout)"; clean "$T/err" "$1 (stderr)"; }

cp "$EX/ipsec.yaml" "$T/c.yaml"
cp "$T/c.yaml" "$T/c.orig"
cp "$EX/custom-ssl.yaml" "$T/cs.yaml"
cp "$T/cs.yaml" "$T/cs.orig"

# set: each hostile value refused (exit 1), the file byte-identical, the
# message escaped and naming the field.
i=0
for v in "x${ESC}]0;title${BEL}" "bell${BEL}" "csi${C1}2J" $'bad\xff' $'cut\xe2\x82' \
  $'nc\xef\xbf\xbf' $'del\x7f' $'tab\there' "${ESC}[2J"; do
  i=$((i + 1))
  run set "$T/c.yaml" "name=$v"
  expect_rc 1 "set name #$i"
  same_file "$T/c.orig" "$T/c.yaml" "set name #$i leaves the file"
  expect_err "error: the text holds .* \[name\]" "set name #$i names the field"
  outputs_clean "set name #$i"
  run set "$T/c.yaml" "server=ok.example.com" "domains.safari=[a.example.com, \"$v\"]"
  expect_rc 1 "set list item #$i"
  same_file "$T/c.orig" "$T/c.yaml" "set list #$i leaves the file"
  outputs_clean "set list #$i"
  run set "$T/cs.yaml" "custom_data.k=$v"
  if [ "$v" = $'tab\there' ]; then
    expect_rc 0 "a map value may hold a tab"
    cp "$T/cs.orig" "$T/cs.yaml"
  else
    expect_rc 1 "set map value #$i"
    same_file "$T/cs.orig" "$T/cs.yaml" "set map value #$i leaves the file"
  fi
  outputs_clean "set map value #$i"
  run set "$T/cs.yaml" "custom_data.k$v=x"
  [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] && pass || fail "set map key #$i: exit $rc"
  same_file "$T/cs.orig" "$T/cs.yaml" "set map key #$i leaves the file"
  outputs_clean "set map key #$i"
done
run set "$T/c.yaml" "name=x${ESC}]0;t${BEL}"
expect_err '\(\\x1b, ESC\) at character 2' "the character is shown escaped"
# flow YAML with escapes, as `new --set` takes them
run new ipsec -o "$T/n.yaml" --set 'domains.safari=["a\e[2Jb"]'
expect_rc 1 "new --set with an escape"
[ -e "$T/n.yaml" ] && fail "new wrote a file" || pass
expect_err "\\\\x1b" "new: escaped"
outputs_clean "new --set"
# unknown keys and bad arguments are echoed escaped
run set "$T/c.yaml" "no${ESC}]0;x${BEL}=1"
expect_rc 2 "set of an unknown hostile key"
outputs_clean "unknown hostile key"
run set "$T/c.yaml" "${ESC}[2J"
expect_rc 2 "hostile non KEY=VALUE"
outputs_clean "hostile non KEY=VALUE"

# load: escapes in a quoted scalar (and raw bytes) are errors at FILE:LINE:COL
printf 'format: 1\ntype: ipsec\nname: "Sales \\e]0;owned\\a"\nserver: vpn.example.com\n' > "$T/esc.yaml"
run validate "$T/esc.yaml"
expect_rc 1 "validate: ESC in a value"
expect_err "esc\.yaml:3:7: error: .*\\\\x1b" "validate: FILE:LINE:COL"
expect_out "esc\.yaml: invalid" "validate says invalid"
outputs_clean "validate ESC"
for cmd in show export; do
  run "$cmd" "$T/esc.yaml"
  expect_rc 1 "$cmd of a file with ESC"
  outputs_clean "$cmd ESC"
done
printf 'format: 1\ntype: ipsec\nname: x\nserver: "\\x9b2J"\n' > "$T/c1.yaml"
run validate "$T/c1.yaml"
expect_rc 1 "validate: C1"
expect_err "c1\.yaml:4:9: error: .*U\+009B" "C1 at FILE:LINE:COL"
printf 'format: 1\ntype: ipsec\nname: "a\\tb"\n' > "$T/tab.yaml"
run validate "$T/tab.yaml"
expect_rc 1 "validate: tab in a one-line value"
expect_err "tab\.yaml:3:7: error: .*one line.*\[name\]" "tab at FILE:LINE:COL"
printf 'format: 1\ntype: ipsec\n"k\\e]0;x\\a": 1\n' > "$T/key.yaml"
run validate "$T/key.yaml"
expect_rc 1 "validate: ESC in a key"
expect_err "key\.yaml:3:1: error: a key: .*\\\\x1b" "key at FILE:LINE:COL"
outputs_clean "validate key"
printf 'format: 1\ntype: ipsec\nname: a\033]0;x\007\n' > "$T/raw.yaml"
run validate "$T/raw.yaml"
expect_rc 1 "validate: raw ESC"
expect_err "raw\.yaml:3:[0-9]+: error:" "raw ESC at FILE:LINE:COL"
outputs_clean "validate raw"
printf 'format: 1\ntype: ipsec\nname: caf\xc3\n' > "$T/cut.yaml"
run validate "$T/cut.yaml"
expect_rc 1 "validate: truncated UTF-8"
expect_err "cut\.yaml:3:[0-9]+: error: .*UTF-8" "truncated UTF-8 at FILE:LINE:COL"
outputs_clean "validate truncated"

# file names are data too
h="$T/x${ESC}]0;t${BEL}.yaml"
cp "$EX/ipsec.yaml" "$h"
run validate "$h"
expect_rc 0 "validate a hostile file name"
expect_out 'x\\x1b\]0;t\\x07\.yaml: valid' "file name escaped"
outputs_clean "validate file name"
run show "$h"
expect_rc 0 "show a hostile file name"
outputs_clean "show file name"
run export "$h" -o "$T/missing-dir/x.mobileconfig"
outputs_clean "export file name"
run validate "$T/no${ESC}[2J.yaml"
expect_rc 3 "missing hostile file"
outputs_clean "missing hostile file"
run import "$T/no${ESC}[2J.plist" -o "$T/i.yaml"
outputs_clean "import missing hostile file"
run vars --translate "x${ESC}[2J${BEL}"
outputs_clean "vars --translate"

# import: unclean strings are reported by key and not stored
python3 - "$T/hostile.plist" <<'PY'
import plistlib, sys
p = {
    'PayloadType': 'com.apple.vpn.managed.applayer', 'PayloadIdentifier': 'com.example.x.vpn',
    'PayloadUUID': '9C1CDCA8-4B01-4F53-A43A-0321A702A2AD', 'PayloadVersion': 1,
    'VPNType': 'VPN', 'VPNSubType': 'com.example.custom',
    'UserDefinedName': 'Sales\x1b]0;owned\x07',
    'VPN': {'RemoteAddress': 'vpn.example.com\x9b2J', 'AuthenticationMethod': 'Password'},
    'VendorConfig': {'Good': 'fine', 'Bad': 'x\x1b[2J', 'Key\x07': 'y', 'Cut': 'a\udcff'},
    'Odd\x1b[31m': 'unknown key',
}
try:
    data = plistlib.dumps(p, fmt=plistlib.FMT_BINARY)
except UnicodeEncodeError:
    del p['VendorConfig']['Cut']
    data = plistlib.dumps(p, fmt=plistlib.FMT_BINARY)
open(sys.argv[1], 'wb').write(data)
PY
run import "$T/hostile.plist" -o "$T/imp.yaml"
expect_rc 0 "import with hostile strings"
for k in UserDefinedName RemoteAddress VendorConfig.Bad 'VendorConfig.Key\\x07' 'Odd\\x1b\[31m'; do
  expect_err "warning: .*$k" "import reports $k"
done
outputs_clean "import"
clean "$T/imp.yaml" "imported file"
grep -q "Good: fine" "$T/imp.yaml" && pass || fail "clean VendorConfig entry imported"

# types: descriptor labels and help from --forms are escaped
cp -r "$APPVPN_SRC/forms" "$T/forms"
sed -i 's/^label: Aruba VIA$/label: "Aruba\\e]0;owned\\aVIA\\x9b"/; s/^    title: Connection$/    title: "Conn\\e[2Jection"/' "$T/forms/aruba-via.yaml"
run --forms "$T/forms" types
expect_rc 0 "types with a hostile label"
expect_out 'Aruba\\x1b\]0;owned\\x07VIA\\xc2\\x9b' "label escaped"
outputs_clean "types"
run --forms "$T/forms" types aruba-via
expect_rc 0 "types TYPE with a hostile label"
expect_out 'Conn\\x1b\[2Jection' "section title escaped"
outputs_clean "types TYPE"
# diff: field labels are data too
sed -i '0,/^    label: Server$/s//    label: "Ser\\e[2Jver\\a"/' "$T/forms/_common.yaml"
cp "$EX/aruba-via.yaml" "$T/d1.yaml"
sed 's/^server: .*/server: other.example.com/' "$T/d1.yaml" > "$T/d2.yaml"
run --forms "$T/forms" diff "$T/d1.yaml" "$T/d2.yaml"
expect_out 'Ser\\x1b\[2Jver\\x07' "diff: label escaped"
outputs_clean "diff"
run --forms "$T/forms" types "x${ESC}[2J"
expect_rc 2 "types of a hostile type name"
outputs_clean "types hostile name"
finish
