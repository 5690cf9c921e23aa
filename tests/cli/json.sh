#!/usr/bin/env bash
# --format json of validate, show, types and vars (docs/json.md): every
# document parses, has the documented fields, masks secrets, escapes hostile
# bytes, keeps the text mode's exit status and gives known problems their
# stable codes.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "python3 missing: JSON not checked"; exit 0; }

cp -r "$EX" "$T/ex"

# check WHAT PYTHON: runs PYTHON with d = the JSON document in $T/out (and
# out = its text); each line it prints is a failure.
check() {
  local what=$1 code=$2 msg
  msg=$(python3 - "$T/out" 2>&1 <<EOF
import json, sys
out = open(sys.argv[1], encoding="utf-8").read()
try:
    d = json.loads(out)
except Exception as e:
    print("not JSON:", e, out[:300]); sys.exit()
def want(cond, text):
    if not cond: print(text)
$code
EOF
  )
  if [ -z "$msg" ]; then pass; else fail "$what: $msg"; fi
}

expect_no_err() { # expect_no_err what
  if [ -s "$T/err" ]; then fail "$1: stderr not empty: $(head -c 300 "$T/err")"; else pass; fi
}

# rc_as_text WHAT ARGS...: the exit status of `appvpn ARGS` (text) is $rc (json)
rc_as_text() {
  local what=$1 json_rc=$rc
  shift
  "$APPVPN" "$@" >/dev/null 2>&1
  local text_rc=$?
  if [ "$json_rc" -eq "$text_rc" ]; then pass; else fail "$what: json exit $json_rc, text exit $text_rc"; fi
  rc=$json_rc
}

# ---- validate: the examples are valid ----------------------------------------
run validate --format json "$T"/ex/*.yaml
expect_rc 0 "validate --format json examples"
expect_no_err "validate examples"
n_examples=$(ls "$T"/ex/*.yaml | wc -l)
check "validate examples document" "
want(d.get('valid') is True, 'top-level valid is not true')
want(len(d['files']) == $n_examples, 'files: %d entries' % len(d['files']))
for f in d['files']:
    for k in ('file', 'valid', 'readable', 'errors', 'warnings', 'diagnostics'):
        want(k in f, 'file entry lacks ' + k)
    want(f['valid'] is True and f['errors'] == 0, f['file'] + ' not valid')
"

# ---- validate: known problems get their codes ---------------------------------
cat >"$T/bad.yaml" <<'EOF'
format: 1
type: ikev2
name: Bad
identifer: com.example.bad
server: "not a host!"
local_id: client
remote_id: vpn.example.com
authentication: shared-secret
shared_secret: s3cret-value
proxy:
  setup: manual
  server: proxy.example.com
  port: 99999
EOF
run validate --format json "$T/bad.yaml"
expect_rc 1 "invalid file"
rc_as_text "invalid file" validate "$T/bad.yaml"
expect_no_err "invalid file: messages only in the document"
check "invalid file diagnostics" "
f = d['files'][0]
want(d['valid'] is False and f['valid'] is False and f['readable'] is True, 'valid flags')
keys = ('file', 'line', 'column', 'severity', 'code', 'field', 'message')
for x in f['diagnostics']:
    want(all(k in x for k in keys), 'diagnostic lacks a field: %r' % x)
got = {(x['code'], x['field'], x['severity']) for x in f['diagnostics']}
for w in [('out-of-range', 'proxy.port', 'error'), ('unknown-key', 'identifer', 'warning'),
          ('required', 'identifier', 'error'), ('required', 'uuid.vpn', 'error'),
          ('pattern', 'server', 'error')]:
    want(w in got, 'missing %r in %r' % (w, sorted(got)))
port = [x for x in f['diagnostics'] if x['field'] == 'proxy.port'][0]
want(port['line'] == 13 and port['column'] == 9, 'proxy.port at %r:%r' % (port['line'], port['column']))
want(port['file'].endswith('bad.yaml'), 'file of the diagnostic')
req = [x for x in f['diagnostics'] if x['code'] == 'required'][0]
want(req['line'] is None and req['column'] is None, 'no position is null')
want(f['errors'] == sum(x['severity'] == 'error' for x in f['diagnostics']), 'error count')
want(f['warnings'] == 1, 'warning count %r' % f['warnings'])
"

# Loader errors: a wrong type stops loading (no validation after it).
printf 'format: 1\ntype: ikev2\nname: x\non_demand:\n  enabled: maybe\n' >"$T/type.yaml"
run validate --format json "$T/type.yaml"
expect_rc 1 "wrong type"
check "wrong-type code" "
x = d['files'][0]['diagnostics'][0]
want((x['code'], x['field'], x['line'], x['column']) == ('wrong-type', 'on_demand.enabled', 5, 12), repr(x))
"
printf 'format: 1\ntype: ikev2\nname: a\nname: b\n' >"$T/dup.yaml"
run validate --format json "$T/dup.yaml"
check "duplicate-key code" "want(d['files'][0]['diagnostics'][0]['code'] == 'duplicate-key', out[:400])"

# ---- validate: unreadable files (exit 3), and the worst status of several -----
run validate --format json "$T/nope.yaml"
expect_rc 3 "missing file"
rc_as_text "missing file" validate "$T/nope.yaml"
expect_no_err "missing file"
check "missing file" "
f = d['files'][0]
want(f['readable'] is False and f['valid'] is False, 'flags')
want(f['diagnostics'][0]['code'] == 'file-missing', repr(f['diagnostics']))
"
mkdir "$T/dir.yaml"
run validate --format json "$T/dir.yaml"
expect_rc 3 "directory"
rc_as_text "directory" validate "$T/dir.yaml"
check "directory" "want(d['files'][0]['diagnostics'][0]['code'] == 'not-a-file', out[:300])"
run validate --format json "$T/ex/ipsec.yaml" "$T/bad.yaml" "$T/nope.yaml"
expect_rc 3 "three files"
rc_as_text "three files" validate "$T/ex/ipsec.yaml" "$T/bad.yaml" "$T/nope.yaml"
check "three files" "
want([f['valid'] for f in d['files']] == [True, False, False], 'per-file valid')
want([f['readable'] for f in d['files']] == [True, True, False], 'per-file readable')
want(d['valid'] is False, 'top-level valid')
"

# ---- hostile bytes: escaped, never raw ---------------------------------------
# A value with ESC (refused, its message quotes it), a file name with ESC,
# a C1 control and a byte that is not UTF-8.
printf 'format: 1\ntype: ikev2\nname: "x\\e]0;owned\\a\\e[2J"\n' >"$T/esc.yaml"
hostile="$T/$(printf 'h\033[31m\302\233\377.yaml')"
cp "$T/esc.yaml" "$hostile"
run validate --format json "$T/esc.yaml" "$hostile"
expect_rc 1 "hostile"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/out"; then
  fail "hostile: a raw control byte in the JSON output"
else pass; fi
if LC_ALL=C grep -q "$(printf '\302\233')" "$T/out" || LC_ALL=C grep -q "$(printf '\377')" "$T/out"; then
  fail "hostile: a raw C1 control or non-UTF-8 byte in the JSON output"
else pass; fi
check "hostile escaped" "
f = d['files']
want(f[0]['diagnostics'][0]['code'] == 'control-char', repr(f[0]['diagnostics']))
want(f[1]['file'].endswith('h\x1b[31m\x9b\ufffd.yaml'), 'file name: %r' % f[1]['file'])
want('\\\\u001b' in out and '\\\\u009b' in out and '\\\\ufffd' in out, 'escapes not written as \\\\u')
"

# ---- show ---------------------------------------------------------------------
run show --format json "$T/ex/cisco-anyconnect.yaml"
expect_rc 0 "show json"
expect_no_out "proxy-secret" "show json: proxy password masked"
if grep -q '"example"' "$T/out"; then fail "show json: credential password shown"; else pass; fi
check "show document" "
want(d['type']['id'] == 'cisco-anyconnect' and d['name'] == 'Sales AnyConnect', 'type/name')
want(d['profile'] is False and d['revealed'] is False, 'flags')
s = {x['key']: x for sec in d['sections'] for x in sec['settings']}
for k in ('key', 'label', 'kind', 'value', 'default', 'required', 'missing'):
    want(all(k in x for x in s.values()), 'a setting lacks ' + k)
want(s['proxy.password']['value'] == '\u2022' * 6 and s['proxy.password']['secret'] is True, 'mask')
want(s['proxy.port']['value'] == 8080, 'integer typed: %r' % s['proxy.port']['value'])
want(s['on_demand.enabled']['value'] is True, 'bool typed')
want(s['domains.safari']['value'] == ['crm.example.com', 'reports.example.com'], 'list typed')
want(s['on_demand.rules']['value'] == 3, 'records: entry count')
want(s['on_demand.rules[0].connection[1].domain_action']['value'] == 'never-connect', 'nested record')
want(s['server']['value'] == 'vpn.example.com', 'text')
want([x['id'] for x in d['sections']][0] == 'general', 'sections in order')
"
run show --format json --reveal "$T/ex/cisco-anyconnect.yaml"
check "show --reveal" "
s = {x['key']: x for sec in d['sections'] for x in sec['settings']}
want(s['proxy.password']['value'] == 'proxy-secret' and d['revealed'] is True, 'revealed')
"
run show --format json "$T/bad.yaml"
expect_rc 0 "show of an invalid file"
check "show of an invalid file" "
s = {x['key']: x for sec in d['sections'] for x in sec['settings']}
want(s['identifier']['missing'] is True and s['identifier']['value'] is None, 'missing required')
want(s['shared_secret']['value'] == '\u2022' * 6, 'shared secret masked')
want('s3cret-value' not in out, 'secret in output')
want(d['errors'] >= 3, 'errors counted: %r' % d['errors'])
"
# a value holding a quote, a backslash and non-ASCII text comes back as it is
"$APPVPN" set "$T/ex/ipsec.yaml" 'name=Sales "HQ" \ Zürich ✓' >/dev/null 2>&1
run show --format json "$T/ex/ipsec.yaml"
check "show round-trips text" "want(d['name'] == 'Sales \"HQ\" \\\\ Zürich ✓', repr(d['name']))"
# a profile is shown as it imports
"$APPVPN" export "$T/ex/ikev2.yaml" -o "$T/ikev2.mobileconfig" >/dev/null 2>&1
run show --format json "$T/ikev2.mobileconfig"
expect_rc 0 "show profile"
check "show profile" "want(d['profile'] is True and d['type']['id'] == 'ikev2', out[:200])"
run show --format json "$T/nope.yaml"
expect_rc 3 "show missing file"
rc_as_text "show missing file" show "$T/nope.yaml"

# ---- types ----------------------------------------------------------------------
run types --format json
expect_rc 0 "types json"
"$APPVPN" types | awk '{print $1}' >"$T/type_ids"
check "types document" "
ids = open('$T/type_ids').read().split()
want([t['id'] for t in d['types']] == ids, 'ids differ from the text output')
for t in d['types']:
    for k in ('id', 'label', 'summary', 'vpn_type', 'availability'):
        want(k in t, t['id'] + ' lacks ' + k)
ik = [t for t in d['types'] if t['id'] == 'ikev2'][0]
want(ik['availability']['watchos'] == {'available': True, 'since': '10.0', 'deprecated': None}, repr(ik['availability']))
"
run types ikev2 --format json
expect_rc 0 "types TYPE json"
"$APPVPN" types ikev2 | awk '/^  [^ ]/ {print $1}' >"$T/keys"
check "types TYPE document" "
keys = open('$T/keys').read().split()
got = []
def walk(fields):
    for f in fields:
        got.append(f['key'])
        for k in ('label', 'kind', 'format', 'required', 'required_when', 'condition', 'default',
                  'values', 'min', 'max', 'max_length', 'variables', 'secret', 'availability'):
            want(k in f, f['key'] + ' lacks ' + k)
        walk(f.get('fields', []))
for s in d['sections']:
    walk(s['settings'])
want(got == keys, 'keys differ from the text output: %r' % sorted(set(got) ^ set(keys)))
f = {x['key']: x for s in d['sections'] for x in s['settings']}
want(f['shared_secret']['condition'] == 'authentication == shared-secret', 'condition')
want(f['shared_secret']['secret'] is True and f['shared_secret']['required'] is True, 'flags')
want('certificate' in [c['value'] for c in f['authentication']['values']], 'choices')
want(f['proxy.port']['min'] == 1 and f['proxy.port']['max'] == 65535, 'range %r' % f['proxy.port'])
"
run types nosuch --format json
expect_rc 2 "unknown type"
if [ -s "$T/out" ]; then fail "unknown type: stdout not empty"; else pass; fi

# ---- vars -------------------------------------------------------------------------
run vars --format json
expect_rc 0 "vars json"
"$APPVPN" vars | grep -c '^  \${' >"$T/nvars"
check "vars document" "
want(len(d['variables']) == int(open('$T/nvars').read()), 'count differs from the text output')
v = {x['name']: x for x in d['variables']}
u = v['userUID']
want(u['reference'] == '\${userUID}' and u['group'] == 'user', repr(u))
want(u['dialects'] == {'ivanti': '\${userUID}', 'core': '\$USERID\$', 'jamf': '\$USERNAME',
                       'intune': '{{username}}', 'ws1': '{EnrollmentUser}'}, repr(u['dialects']))
want(all(set(x['dialects']) == {'ivanti', 'core', 'jamf', 'intune', 'ws1'} for x in d['variables']), 'dialects')
"

# ---- usage and output errors ---------------------------------------------------------
run validate --format yaml "$T/ex/ipsec.yaml"
expect_rc 2 "--format yaml"
expect_err "^appvpn validate: --format takes text or json, not 'yaml'" "--format yaml message"
run validate "$T/ex/ipsec.yaml" --format
expect_rc 2 "--format without a value"
run vars --format json --translate x
expect_rc 2 "vars --format with --translate"
run validate --format text "$T/bad.yaml"
"$APPVPN" validate "$T/bad.yaml" >"$T/plain" 2>&1
"$APPVPN" validate --format text "$T/bad.yaml" >"$T/text" 2>&1
same_file "$T/plain" "$T/text" "--format text is the default"
if [ -w /dev/full ]; then
  "$APPVPN" validate --format json "$T/ex/ipsec.yaml" >/dev/full 2>"$T/err"
  rc=$?
  expect_rc 3 "a document that cannot be written"
  expect_err "^appvpn validate: cannot write the JSON output" "write error message"
fi
# "-" and a FIFO as input, as in the text mode.
"$APPVPN" validate --format json - <"$EX/ipsec.yaml" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "validate --format json - (standard input)"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] and d["files"][0]["file"] == "-"' "$T/out" && pass ||
  fail "validate --format json -: $(head -c 300 "$T/out")"
mkfifo "$T/fifo"
cat "$EX/ipsec.yaml" >"$T/fifo" &
timeout 20 "$APPVPN" validate --format json "$T/fifo" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "validate --format json FIFO"
wait
"$APPVPN" show --format json - <"$EX/ipsec.yaml" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "show --format json -"
expect_out '"name": "Field Service IPsec"' "show --format json - names the configuration"
finish
