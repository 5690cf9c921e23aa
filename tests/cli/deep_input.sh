#!/usr/bin/env bash
# Bounded input: deep or huge profiles and descriptors get a clear error
# (never a crash, a hang or unbounded memory).
. "$(dirname "$0")/lib.bash"

# check_bounded what REGEX CMD...: exit 1 (not a signal), within 20 s, the message.
check_bounded() {
  local what=$1 re=$2
  shift 2
  local t0=$SECONDS
  timeout 20 "$APPVPN" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  [ "$rc" -eq 1 ] && pass || fail "$what: exit $rc (124 = timeout, >128 = signal): $(head -c 300 "$T/err")"
  expect_err "$re" "$what"
  [ $((SECONDS - t0)) -lt 20 ] && pass || fail "$what: too slow"
}

python3 - "$T" <<'PY'
import struct, sys
d = sys.argv[1]
def chain(n, width):
    objs, offs = bytearray(), []
    for i in range(n):
        offs.append(8 + len(objs))
        objs += bytes([0xA0 | width]) + struct.pack('>I', i + 1) * width if i + 1 < n else b'\xa0'
    table = 8 + len(objs)
    return (b'bplist00' + bytes(objs) + b''.join(struct.pack('>I', o) for o in offs)
            + b'\0' * 6 + bytes([4, 4]) + struct.pack('>QQQ', n, 0, table))
open(f'{d}/deep.xml', 'wb').write(b'<?xml version="1.0"?>\n<plist version="1.0">\n'
                                  + b'<array>' * 200000 + b'</array>' * 200000 + b'</plist>\n')
open(f'{d}/open.xml', 'wb').write(b'<plist version="1.0">' + b'<array>' * 200000)
open(f'{d}/deep.bplist', 'wb').write(chain(100000, 1))
open(f'{d}/bomb.bplist', 'wb').write(chain(40, 14))
PY
check_bounded "200k nested <array>" "deep\.xml:3:[0-9]+: error: .*deeper than 64" import "$T/deep.xml" -o "$T/a.yaml"
check_bounded "200k unclosed <array>" "deeper than 64" import "$T/open.xml" -o "$T/b.yaml"
check_bounded "100k-deep binary plist" "deeper than 64" import "$T/deep.bplist" -o "$T/c.yaml"
check_bounded "shared-object bomb" "expands to more than" import "$T/bomb.bplist" -o "$T/d.yaml"
for f in a b c d; do [ -e "$T/$f.yaml" ] && fail "import wrote $f.yaml" || pass; done
head -c $((17 << 20)) /dev/zero > "$T/huge.plist"
run import "$T/huge.plist" -o "$T/e.yaml"
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && pass || fail "17 MB profile: exit $rc"

# --forms: deep conditions, alias bombs, deep nesting, a FIFO
forms() { # forms NAME: a copy of forms/ to spoil
  rm -rf "$T/$1"
  cp -r "$APPVPN_SRC/forms" "$T/$1"
}
python3 - "$T" "$APPVPN_SRC/forms" <<'PY'
import sys, shutil
t, src = sys.argv[1], sys.argv[2]
def spoil(name, fn):
    shutil.copytree(src, f'{t}/{name}')
    p = f'{t}/{name}/aruba-via.yaml'
    s = open(p).read()
    open(p, 'w').write(fn(s))
spoil('paren', lambda s: s.replace('      - use: account\n', '      - use: account\n        show: "'
                                   + '(' * 100000 + 'server' + ')' * 100000 + '"\n'))
spoil('not', lambda s: s.replace('      - use: account\n', '      - use: account\n        show: "'
                                 + '!' * 100000 + 'server"\n'))
bomb = 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n' + ''.join(
    f'x{i}: &a{i} [' + ', '.join([f'*a{i-1}'] * 10) + ']\n' for i in range(1, 10))
spoil('bomb', lambda s: bomb + s)
spoil('nest', lambda s: s + 'deep: ' + '[' * 100000 + ']' * 100000 + '\n')
PY
check_bounded "100k nested ( in a condition" "paren/aruba-via\.yaml:17:[0-9]+: error: .*nested deeper than 64" --forms "$T/paren" types
check_bounded "100k ! in a condition" "not/aruba-via\.yaml:17:[0-9]+: error: .*nested deeper than 64" --forms "$T/not" types
check_bounded "alias bomb in a descriptor" "bomb/aruba-via\.yaml:1:[0-9]+: error: anchors and aliases" --forms "$T/bomb" types
check_bounded "100k nested sequences in a descriptor" "nest/aruba-via\.yaml:[0-9]+:[0-9]+: error: nesting too deep" --forms "$T/nest" types
forms fifo
mkfifo "$T/fifo/zz.yaml"
check_bounded "a FIFO in the forms directory" "zz\.yaml: error: cannot read: not a regular file" --forms "$T/fifo" types
finish
