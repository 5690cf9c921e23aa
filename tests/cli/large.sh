#!/usr/bin/env bash
# No limit that users hit: a configuration past the old 16 MiB limit (600,000
# Safari domains, about 20 MB) opens, validates, exports (XML and binary),
# imports back, and every command opens what another wrote; a hostile size
# is still refused with a message (docs/architecture.md "Input limits").
. "$(dirname "$0")/lib.bash"

cp -r "$EX"/. "$T/"
cd "$T" || exit 3
python3 - <<'PY'
text = open("cisco-anyconnect.yaml").read()
doms = "".join("    - host%d.d%d.example.com\n" % (i, i % 97) for i in range(600000))
open("big.yaml", "w").write(text.replace("  safari:\n", "  safari:\n" + doms, 1))
PY
[ "$(stat -c %s big.yaml)" -gt $((16 << 20)) ] && pass || fail "the file is past 16 MiB"
run validate big.yaml; expect_rc 0 "validate"
run set big.yaml 'domains.safari[600000]=last.example.com'; expect_rc 0 "set"
run export big.yaml -o big.xml; expect_rc 0 "export xml"
run export big.yaml --format binary -o big.bin; expect_rc 0 "export binary"
run import big.xml -o back.yaml; expect_rc 0 "import of the XML export: $(head -c 300 "$T/err")"
run import big.bin -o back-bin.yaml; expect_rc 0 "import of the binary export"
run diff big.xml back-bin.yaml; expect_rc 0 "the XML and binary exports import alike"
run validate back.yaml; expect_rc 0 "the import opens again"
grep -q '^    - last.example.com$' back.yaml && pass || fail "the last domain made the round trip"
# hostile: a file past the limit is refused with the limit named, quickly
python3 -c 'import sys; sys.stdout.write("format: 1\n#" + "x" * (129 << 20) + "\n")' >huge.yaml
run validate huge.yaml; expect_rc 1 "a 129 MiB file refused"
expect_err '128 MiB|134217728' "the limit is named"
rm -f huge.yaml
finish
