#!/usr/bin/env bash
# Bad input gets a clear message (FILE:LINE:COL where there is one), a
# non-zero exit, and nothing is written or damaged.
. "$(dirname "$0")/lib.bash"

good="$T/good.yaml"
cp "$EX/cisco-anyconnect.yaml" "$good"
mkdir -p "$T/certs" && cp "$EX/certs/sales.p12" "$T/certs/"

check_invalid() { # check_invalid FILE REGEX what
  run validate "$1"
  expect_rc 1 "$3 (validate)"
  expect_err "$2" "$3 (validate)"
  rm -f "$T/never.mobileconfig"
  run export "$1" -o "$T/never.mobileconfig"
  [ "$rc" -ne 0 ] && pass || fail "$3: export succeeded"
  [ -e "$T/never.mobileconfig" ] && fail "$3: export wrote a file" || pass
}

# Broken YAML syntax: position of the fault.
printf 'format: 1\nname: [unclosed\ntype: ipsec\n' > "$T/syntax.yaml"
check_invalid "$T/syntax.yaml" "syntax\.yaml:[0-9]+:[0-9]+: error:" "broken syntax"

# Wrong types.
sed 's/^  port: 8080/  port: [8080]/' "$good" > "$T/wrongtype.yaml"
check_invalid "$T/wrongtype.yaml" "wrongtype\.yaml:[0-9]+:9: error: .*\[proxy\.port\]" "list for an integer"
sed 's/^  enabled: true/  enabled: maybe/' "$good" > "$T/wrongbool.yaml"
check_invalid "$T/wrongbool.yaml" "wrongbool\.yaml:[0-9]+:[0-9]+: error: .*on_demand\.enabled" "non-boolean"
sed 's/^  port: 8080/  port: 70000/' "$good" > "$T/range.yaml"
check_invalid "$T/range.yaml" "range\.yaml:[0-9]+:[0-9]+: error: .*65535.*\[proxy\.port\]" "port out of range"

# Unknown type id.
sed 's/^type: cisco-anyconnect/type: cisco-anyconnekt/' "$good" > "$T/type.yaml"
check_invalid "$T/type.yaml" "type\.yaml:[0-9]+:7: error: .*cisco-anyconnekt" "unknown type"

# Alias bomb (billion laughs): refused, not expanded.
{
  echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  echo 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]'
  echo 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]'
  echo 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]'
  echo 'format: 1'
  echo 'type: ipsec'
} > "$T/bomb.yaml"
check_invalid "$T/bomb.yaml" "bomb\.yaml:1:[0-9]+: error: .*(alias|anchor)" "alias bomb"

# A 10 MB line.
{ printf 'format: 1\ntype: ipsec\nname: '; head -c 10485760 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$T/long.yaml"
check_invalid "$T/long.yaml" "long\.yaml" "10 MB line"

# Invalid UTF-8.
printf 'format: 1\ntype: ipsec\nname: caf\xc3\x28\n' > "$T/utf8.yaml"
check_invalid "$T/utf8.yaml" "utf8\.yaml:3:[0-9]+: error: .*UTF-8" "invalid UTF-8"

# Empty file.
: > "$T/empty.yaml"
check_invalid "$T/empty.yaml" "empty\.yaml.*empty" "empty file"

# A directory given as a file: I/O error.
run validate "$T"
expect_rc 3 "directory as file"
expect_err "is a directory" "directory as file"
run validate "$T/missing.yaml"
expect_rc 3 "missing file"
expect_err "No such file" "missing file"

# Unwritable output: export fails, nothing appears.
mkdir "$T/ro" && chmod 0555 "$T/ro"
if [ "$(id -u)" -ne 0 ] || ! touch "$T/ro/probe" 2>/dev/null; then
  run export "$good" -o "$T/ro/out.mobileconfig"
  expect_rc 3 "unwritable output"
  expect_err "cannot write" "unwritable output"
else
  rm -f "$T/ro/probe" # root ignores directory modes: use a path under a regular file
fi
run export "$good" -o "$good/not-a-dir/out.mobileconfig"
expect_rc 3 "output under a file"

# Missing .p12: export refuses.
rm "$T/certs/sales.p12"
run export "$good" -o "$T/nop12.mobileconfig"
expect_rc 1 "missing .p12"
expect_err "certs/sales\.p12" "missing .p12"
[ -e "$T/nop12.mobileconfig" ] && fail "missing .p12: file written" || pass

# A failed save leaves the original byte-identical: set into an unwritable place.
cp "$EX/ipsec.yaml" "$T/ro-save.yaml"
cp "$T/ro-save.yaml" "$T/ro-save.orig"
run set "$T/ro-save.yaml" "proxy.port=abc"
[ "$rc" -ne 0 ] && pass || fail "set of a hidden/invalid value succeeded"
same_file "$T/ro-save.orig" "$T/ro-save.yaml" "failed set keeps the file"
mkdir "$T/rodir"
cp "$EX/ipsec.yaml" "$T/rodir/c.yaml"
cp "$T/rodir/c.yaml" "$T/rodir.orig"
chmod 0555 "$T/rodir"
chattr +i "$T/rodir" 2>/dev/null || true
if ! touch "$T/rodir/probe" 2>/dev/null; then
  run set "$T/rodir/c.yaml" "server=other.example.com"
  expect_rc 3 "save into read-only directory"
  same_file "$T/rodir.orig" "$T/rodir/c.yaml" "read-only directory keeps the file"
else
  rm -f "$T/rodir/probe"
  echo "note: cannot make a read-only directory here (root without chattr); covered by unit tests"
fi
chattr -i "$T/rodir" 2>/dev/null || true

# Usage errors: exit 2.
run new nosuchtype -o "$T/x.yaml"
expect_rc 2 "unknown type for new"
expect_err "ipsec" "unknown type lists the types"
run export
expect_rc 2 "export without a file"
run set "$good" "no.such.key=1"
expect_rc 2 "set of an unknown key"
finish
