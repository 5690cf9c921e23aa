#!/usr/bin/env bash
# The diagnostic codes are one list: the DIAG_CODES table in src/core/diag.h,
# the Codes table of docs/json.md, and the code the sources actually use.
# A code added, renamed or dropped in one place and not the others fails.
. "$(dirname "$0")/lib.bash"
S=$APPVPN_SRC

# X(FILE_MISSING, "file-missing") -> FILE_MISSING file-missing
sed -n '/^#define DIAG_CODES(X)/,/^$/p' "$S/src/core/diag.h" |
  grep -oE 'X\([A-Z0-9_]+, "[a-z0-9-]+"\)' | sed -E 's/X\(([A-Z0-9_]+), "([a-z0-9-]+)"\)/\1 \2/' >"$T/table"
if [ "$(wc -l <"$T/table")" -ge 20 ]; then pass; else fail "DIAG_CODES table not found in diag.h"; fi
cut -d' ' -f2 "$T/table" | sort >"$T/source"
if [ "$(uniq -d <"$T/source")" = "" ]; then pass; else fail "codes named twice: $(uniq -d <"$T/source")"; fi

# The rows of the Codes table: | `code` | severity | what |
sed -n '/^## Codes/,/^## /p' "$S/docs/json.md" | grep -oE '^\| `[a-z0-9-]+` \|' | cut -d'`' -f2 | sort >"$T/doc"
if cmp -s "$T/source" "$T/doc"; then pass; else
  fail "docs/json.md Codes and DIAG_CODES differ: $(diff "$T/source" "$T/doc" | grep '^[<>]' | tr '\n' ' ')"
fi

# Every code is used where diagnostics are made (DC_OTHER: diag_add's default).
while read -r id name; do
  if grep -rqE "\bDC_$id\b" --include='*.c' "$S/src"; then pass; else fail "code $name (DC_$id) is used nowhere in src/"; fi
done <"$T/table"

# Every DC_ name the sources use is in the table (the compiler says so too;
# this catches a table entry removed while a stale object file lingers).
grep -rhoE '\bDC_[A-Z0-9_]+\b' "$S/src" | sort -u | sed 's/^DC_//' | grep -vx '_COUNT' >"$T/used"
while read -r id; do
  if grep -q "^$id " "$T/table"; then pass; else fail "DC_$id is used but not in DIAG_CODES"; fi
done <"$T/used"

# The binary prints the names of the table: the documented codes are what
# validate --format json says (a sample of problems of distinct kinds).
printf 'format: 1\ntype: ikev2\nname: x\n  bad: [\n' >"$T/syntax.yaml"
run validate --format json "$T/syntax.yaml"
expect_rc 1 "yaml syntax error"
expect_out '"code": "yaml-syntax"' "yaml-syntax code"
printf 'format: 1\ntype: nosuchtype\nname: x\n' >"$T/type.yaml"
run validate --format json "$T/type.yaml"
expect_out '"code": "unknown-type"' "unknown-type code"
finish
