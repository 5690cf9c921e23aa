#!/usr/bin/env bash
# Command-line conventions: every command's -h/--help and `appvpn help CMD`,
# options anywhere (--opt=value, -oVALUE, after operands, grouped switches,
# global options after the command), "--" before an operand that starts
# with -, one-line usage errors with a hint (exit 2), - as standard input or
# output, a FIFO as input, and `set -` / `edit -` refused.
. "$(dirname "$0")/lib.bash"

cp "$EX/ipsec.yaml" "$EX/cisco-anyconnect.yaml" "$T/"
cd "$T" || exit 1
"$APPVPN" export ipsec.yaml -o want.mobileconfig || fail "reference export"

# A usage error: exit 2, exactly "appvpn CMD: MESSAGE" and the hint.
expect_usage() { # expect_usage CMD REGEX what
  expect_rc 2 "$3"
  if [ "$(wc -l <"$T/err")" -eq 2 ] && head -1 "$T/err" | grep -Eq -- "^appvpn $1: $2\$" &&
    [ "$(sed -n 2p "$T/err")" = "Try 'appvpn $1 --help'." ]; then pass; else
    fail "$3: not the one-line usage error /appvpn $1: $2/ + hint: $(cat "$T/err")"
  fi
}

# Every command of --help: -h, --help and help CMD, its options named.
run --help
expect_rc 0 "--help"
cmds=$(sed -n '/^Commands:/,/^$/p' "$T/out" | grep -oE '^  [a-z]+' | tr -d ' ')
[ "$(wc -w <<<"$cmds")" -ge 11 ] && pass || fail "--help lists too few commands: $cmds"
for c in $cmds; do
  for h in -h --help; do
    run "$c" "$h"
    expect_rc 0 "$c $h"
    expect_out "^usage: appvpn $c( |\$)" "$c $h: synopsis"
    [ -s "$T/err" ] && fail "$c $h wrote to stderr: $(cat "$T/err")" || pass
  done
  cp "$T/out" "$T/help.$c"
  # the options completion offers for the command are the ones its help explains
  for o in $("$APPVPN" __complete "$c" -- | grep -E '^--' | grep -vxE -- '--(quiet|forms|theme|view|version|help)'); do
    if grep -Eq -- "^ +(-., )?$o( |\$)" "$T/help.$c"; then pass; else fail "$c --help lacks $o"; fi
  done
  run help "$c"
  expect_rc 0 "help $c"
  same_file "$T/out" "$T/help.$c" "help $c is $c --help"
done
run export -h
expect_out '^  -o, --output OUT ' "export -h: -o"
expect_out '^      --sign-pass-file PATH' "export -h: signing options"
run types --help -q
expect_out "^usage: appvpn types \[options\] \[TYPE\]\$" "types synopsis"

# Completion follows the same table: help's operand, options after operands.
"$APPVPN" __complete help va >"$T/out"
expect_out '^validate$' "completion: help COMMAND"
expect_out '^vars$' "completion: help COMMAND (vars)"
"$APPVPN" __complete validate ipsec.yaml --fo >"$T/out"
expect_out '^--format$' "completion: a command option after the operand"
expect_out '^--forms$' "completion: a global option after the command"
"$APPVPN" __complete show ipsec.yaml --format "" >"$T/out"
expect_out '^text$' "completion: --format values of show"
"$APPVPN" __complete import p --from-dialect "" >"$T/out"
expect_out '^any$' "completion: --from-dialect values"

# `appvpn help` is help, even beside a file named help; -- edits such a file.
cp ipsec.yaml help
run help
expect_rc 0 "help"
expect_out '^Commands:' "help: the command list"
expect_out '^  help \[COMMAND\] ' "help: lists help"
run help nope
expect_usage help "unknown command 'nope'" "help of an unknown command"
printf '<Dump>\n' >keys.txt
for words in "-- help" "edit help" "./help"; do
  # shellcheck disable=SC2086
  run --view --test-script keys.txt --test-dump dump.txt $words
  expect_rc 0 "appvpn $words: the editor"
  grep -q 'IPsec' dump.txt && pass || fail "appvpn $words: the file named help not in the editor"
  rm -f dump.txt
done
# and global options after the file
run -- help --view --test-script keys.txt --test-dump dump.txt
expect_rc 2 "after --, --view is an operand"
expect_err "unexpected argument '--view'" "after --, --view is an operand"

# --opt=value, -oVALUE, options before and after the operands.
run export ipsec.yaml --output=a.mobileconfig
expect_rc 0 "--output=FILE"
same_file a.mobileconfig want.mobileconfig "--output=FILE"
run export ipsec.yaml -ob.mobileconfig
expect_rc 0 "-oFILE"
same_file b.mobileconfig want.mobileconfig "-oFILE"
run export -o c.mobileconfig --format=xml ipsec.yaml
expect_rc 0 "options before the operand"
same_file c.mobileconfig want.mobileconfig "options before the operand"
run export --format binary ipsec.yaml -o d.plist
expect_rc 0 "--format binary before the operand"
[ "$(head -c 6 d.plist)" = bplist ] && pass || fail "--format binary before the operand: not binary"
run new ipsec --set name=First -o n.yaml --set name=Second --set 'server=vpn.example.com'
expect_rc 0 "new with options around the operand"
grep -q '^name: Second$' n.yaml && pass || fail "repeated --set: the last one wins: $(grep ^name: n.yaml)"
printf 'From file\n' >name.txt
cp ipsec.yaml order.yaml
run set order.yaml name=Operand --set-file name=name.txt
grep -q '^name: From file$' order.yaml && pass || fail "set: --set-file after KEY=VALUE wins: $(grep ^name: order.yaml)"
run set order.yaml --set-file name=name.txt name=Operand
grep -q '^name: Operand$' order.yaml && pass || fail "set: KEY=VALUE after --set-file wins: $(grep ^name: order.yaml)"
run new -fo n.yaml ipsec
expect_rc 0 "-fo: grouped switch and option"
grep -q '^name: Second$' n.yaml && fail "-fo: n.yaml not replaced" || pass

# Global options after the command.
run validate ipsec.yaml
expect_out '^ipsec\.yaml: valid' "validate prints its verdict"
run validate ipsec.yaml -q
expect_rc 0 "-q after the command"
[ -s "$T/out" ] && fail "-q after the command: still printed $(cat "$T/out")" || pass
run types --forms "$APPVPN_SRC/forms" ikev2
expect_rc 0 "--forms after the command"

# -- ends the options: a file named -x.yaml.
cp ipsec.yaml ./-x.yaml
run validate -- -x.yaml
expect_rc 0 "validate -- -x.yaml"
expect_out '^-x\.yaml: valid' "validate -- -x.yaml"
run validate -x.yaml
expect_usage validate "unknown option '-x'" "-x.yaml without --"

# Usage errors: one line, the hint, exit 2.
run export ipsec.yaml --bogus
expect_usage export "unknown option '--bogus'" "unknown option"
run export ipsec.yaml --bogus=1
expect_usage export "unknown option '--bogus'" "unknown option with a value"
run --bogus ipsec.yaml
expect_rc 2 "unknown global option"
if [ "$(cat "$T/err")" = "appvpn: unknown option '--bogus'
Try 'appvpn --help'." ]; then pass; else fail "unknown global option: $(cat "$T/err")"; fi
run export ipsec.yaml --format
expect_usage export "option '--format' needs an argument \(FORMAT\)" "missing option argument"
run export ipsec.yaml -o
expect_usage export "option '-o' needs an argument \(OUT\)" "missing -o argument"
run show ipsec.yaml --reveal=yes
expect_usage show "option '--reveal' takes no value" "a value for a switch"
run show ipsec.yaml cisco-anyconnect.yaml
expect_usage show "too many arguments: 'cisco-anyconnect.yaml'" "too many arguments"
run diff ipsec.yaml
expect_usage diff "too few arguments \(expected A B\)" "too few arguments"
run validate
expect_usage validate "missing FILE\.\.\." "no operand"
run new ipsec
expect_usage new "missing -o OUT.*" "new without -o"
run import want.mobileconfig
expect_usage import "missing -o OUT.*" "import without -o"
run vars --to jamf
expect_usage vars "--to goes with --translate TEXT" "vars --to alone"
run types nosuchtype
expect_usage types "unknown connection type 'nosuchtype'" "unknown type"
run
expect_rc 2 "nothing given"
expect_err "^appvpn: no file, directory or command given\$" "nothing given"
for c in validate show types vars; do
  if [ "$c" = types ] || [ "$c" = vars ]; then args=(); else args=(ipsec.yaml); fi
  run "$c" "${args[@]}" --format=json
  expect_rc 0 "$c --format=json"
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" 2>/dev/null && pass ||
    fail "$c --format=json: not one JSON document"
  run "$c" "${args[@]}" --format yaml
  expect_usage "$c" "--format takes text or json, not 'yaml'" "$c --format yaml"
  run "$c" "${args[@]}" --format=text
  expect_rc 0 "$c --format=text"
done

# - is standard input (inputs) or output (-o).
"$APPVPN" validate - <ipsec.yaml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "validate -"
expect_out '^-: valid' "validate -"
"$APPVPN" show - <ipsec.yaml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "show -"
expect_out '^-$' "show - names its input"
"$APPVPN" import - -o imported.yaml <want.mobileconfig >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "import - -o FILE"
"$APPVPN" export imported.yaml -o - >again.mobileconfig 2>"$T/err"
rc=$?
expect_rc 0 "export FILE -o -"
"$APPVPN" diff - ipsec.yaml <ipsec.yaml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "diff - B: equal"
"$APPVPN" diff - cisco-anyconnect.yaml <ipsec.yaml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "diff - B: different"
expect_out '^~ ' "diff - B: the differences"
"$APPVPN" diff want.mobileconfig - <again.mobileconfig >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "diff A -: profiles"
"$APPVPN" export - <ipsec.yaml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "export - (to standard output)"
same_file "$T/out" want.mobileconfig "export -"
run diff - -
expect_usage diff "standard input \(-\) can be one side only" "diff - -"
"$APPVPN" validate - - <ipsec.yaml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 2 "validate - -: standard input once"
expect_err "standard input can be read for one input file only" "validate - -"
# relative paths of a configuration on standard input: from the current directory
mkdir -p sub/certs && cp "$EX/certs/sales.p12" sub/certs/
"$APPVPN" export cisco-anyconnect.yaml -o ca-want.mobileconfig 2>"$T/err" ||
  (cd "$EX" && "$APPVPN" export cisco-anyconnect.yaml -o "$T/ca-want.mobileconfig")
(cd sub && "$APPVPN" export - -o ../ca.mobileconfig <../cisco-anyconnect.yaml) 2>"$T/err"
rc=$?
expect_rc 0 "export - with credential.file beside the current directory"
same_file ca.mobileconfig ca-want.mobileconfig "export - embeds ./certs/sales.p12"

# A FIFO as input: read to its end (the writer comes later), no hang.
mkfifo fifo.yaml
{ sleep 1; cat ipsec.yaml; } >fifo.yaml &
writer=$!
timeout 10 "$APPVPN" validate fifo.yaml >"$T/out" 2>"$T/err"
rc=$?
wait "$writer"
expect_rc 0 "validate FIFO"
expect_out '^fifo\.yaml: valid' "validate FIFO"
cat want.mobileconfig >fifo.yaml &
writer=$!
timeout 10 "$APPVPN" show fifo.yaml >"$T/out" 2>"$T/err"
rc=$?
wait "$writer"
expect_rc 0 "show a profile from a FIFO"

# set - and edit - are refused; nothing is read.
run set - name=x
expect_usage set "set changes a FILE in place; standard input \(-\) has none.*" "set -"
run edit -
expect_rc 2 "edit -"
expect_err "^appvpn edit: the editor does not read standard input" "edit -"
run set ipsec.yaml
expect_usage set "missing KEY=VALUE.*" "set without settings"
finish
