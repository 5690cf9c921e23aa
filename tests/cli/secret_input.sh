#!/usr/bin/env bash
# Passwords without argv: --set-file KEY=PATH (- for standard input) and
# --set-prompt KEY (typed at a terminal, not echoed), on new and set.
. "$(dirname "$0")/lib.bash"

f="$T/c.yaml"
cp "$EX/cisco-anyconnect.yaml" "$f"
chmod 0644 "$f"

# from standard input: the text as it is, less the final line break
printf '[not yaml] #x\n' | "$APPVPN" set "$f" --set-file proxy.password=- >"$T/out" 2>"$T/err"
rc=$?; expect_rc 0 "set --set-file proxy.password=-"
grep -qxF '  password: "[not yaml] #x"' "$f" && pass || fail "the password is stored as text, no newline: $(grep -n 'password' "$f")"
[ "$(stat -c %a "$f")" = 600 ] && pass || fail "a file holding a password is 0600 ($(stat -c %a "$f"))"

# from a file with CRLF
printf 's3cret\r\n' >"$T/pw.txt"
run set "$f" --set-file credential.password="$T/pw.txt" 'name=From File'
expect_rc 0 "set --set-file from a file, with a KEY=VALUE beside it"
grep -qx "  password: s3cret" "$f" && pass || fail "CRLF dropped: $(grep -n 'password' "$f")"
grep -qx "name: From File" "$f" && pass || fail "the KEY=VALUE beside it applied"

# new, with the secret from stdin
printf 'pw-new\n' | "$APPVPN" new cisco-anyconnect -o "$T/n.yaml" --set server=vpn.example.com \
  --set proxy.setup=manual --set proxy.server=p.example.com --set-file proxy.password=- >"$T/out" 2>"$T/err"
rc=$?; expect_rc 0 "new --set-file"
grep -q "password: pw-new" "$T/n.yaml" && pass || fail "new stored the password"

# refusals: nothing changes
cp "$f" "$T/before.yaml"
run set "$f" --set-file proxy.password="$T/missing.txt"
expect_rc 3 "a missing --set-file"
same_file "$f" "$T/before.yaml" "missing file: unchanged"
printf 'x\n' | "$APPVPN" set "$f" --set-file proxy.password=- --set-file credential.password=- >"$T/out" 2>"$T/err"
rc=$?; expect_rc 2 "standard input for two settings"
expect_err "one setting only" "says why"
same_file "$f" "$T/before.yaml" "two stdin: unchanged"
printf 'a\0b' >"$T/nul"
run set "$f" --set-file proxy.password="$T/nul"
expect_rc 1 "a NUL byte"
same_file "$f" "$T/before.yaml" "NUL: unchanged"
run set "$f" --set-prompt proxy.password </dev/null
expect_rc 2 "--set-prompt without a terminal"
expect_err "needs a terminal on standard input; use --set-file proxy.password=-" "says what to use instead"
same_file "$f" "$T/before.yaml" "no terminal: unchanged"
run set "$f" --set-file nosuch.key="$T/pw.txt"
expect_rc 2 "an unknown key"

# --set-prompt at a real terminal: the typed text is not echoed
python3 - "$APPVPN" "$f" <<'PY' && pass || fail "--set-prompt at a terminal"
import os, pty, sys, time, select
app, f = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(app, [app, "set", f, "--set-prompt", "proxy.password"])
out = b""
def read_until(want, limit=10):
    global out
    end = time.time() + limit
    while want not in out and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                out += os.read(fd, 1024)
            except OSError:
                break
read_until(b": ")
assert b"Password" in out, out
os.write(fd, b"typed-secret\n")
read_until(b"\n", 5)
_, status = os.waitpid(pid, 0)
try:
    while True:
        r, _, _ = select.select([fd], [], [], 0.2)
        if not r:
            break
        chunk = os.read(fd, 1024)
        if not chunk:
            break
        out += chunk
except OSError:
    pass
assert os.WEXITSTATUS(status) == 0, (status, out)
assert b"typed-secret" not in out, out
assert "  password: typed-secret\n" in open(f).read()
PY
finish
