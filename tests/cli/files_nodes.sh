#!/usr/bin/env bash
# What is at the name appvpn writes or reads (docs/files.md): a device node
# or FIFO is written into by export and never replaced, refused by a save;
# sockets are refused; /dev/full is an error; -o - is standard output; a
# FIFO as input is read as a stream; -o never names the input.
. "$(dirname "$0")/lib.bash"

cfg="$T/c.yaml"
cp "$EX/ipsec.yaml" "$cfg"
"$APPVPN" export "$cfg" -o "$T/want.mobileconfig" || fail "reference export"

kind() { stat -c %F "$1"; }

# As root, private copies of /dev/null and /dev/full (mknod): a faulty
# build must never replace the machine's own. Others cannot replace /dev's.
if [ "$(id -u)" -eq 0 ]; then
  NULLDEV="$T/null" FULLDEV="$T/full"
  mknod "$NULLDEV" c 1 3 && mknod "$FULLDEV" c 1 7 && chmod 666 "$NULLDEV" "$FULLDEV"
else
  NULLDEV=/dev/null FULLDEV=/dev/full
  echo "skipped: needs root (private device nodes made with mknod; /dev/null and /dev/full used)"
fi

# -o - is standard output, byte for byte what -o FILE writes.
run export "$cfg" -o -
expect_rc 0 "-o -"
same_file "$T/out" "$T/want.mobileconfig" "-o -"
[ -e "$T/-" ] && fail "-o - made a file named -" || pass

# /dev/full: a write error, exit 3, the device stays a device.
run export "$cfg" -o "$FULLDEV"
expect_rc 3 "/dev/full"
expect_err "cannot write $FULLDEV: No space left on device" "/dev/full"
[ "$(kind "$FULLDEV")" = "character special file" ] && pass || fail "/dev/full is no longer a device"
[ "$(stat -c %t:%T "$FULLDEV")" = "1:7" ] && pass || fail "the /dev/full node changed"

# /dev/null: written into, stays the device.
run export "$cfg" -o "$NULLDEV"
expect_rc 0 "export -o /dev/null"
[ "$(kind "$NULLDEV")" = "character special file" ] && pass || fail "/dev/null was replaced: $(kind "$NULLDEV")"
[ "$(stat -c %t:%T "$NULLDEV")" = "1:3" ] && pass || fail "the /dev/null node changed"

# A FIFO with a reader gets the profile; the FIFO stays a FIFO.
mkfifo "$T/fifo"
# The reader opens the FIFO before appvpn runs (it says so by creating
# $T/ready), so a slow start of the background reader on a loaded machine is
# not taken for "nothing is reading"; it reads until the writer closes.
timeout 10 python3 - "$T/fifo" "$T/from-fifo" "$T/ready" <<'PY' &
import os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
open(sys.argv[3], "w").close()
got = bytearray()
while True:
    try:
        b = os.read(fd, 65536)
    except BlockingIOError:
        time.sleep(0.01)
        continue
    if b:
        got += b
    elif got:
        break  # the writer closed
    else:
        time.sleep(0.01)  # no writer yet
open(sys.argv[2], "wb").write(got)
PY
reader=$!
for _ in $(seq 500); do [ -e "$T/ready" ] && break; sleep 0.02; done
timeout 10 "$APPVPN" export "$cfg" -o "$T/fifo" 2>"$T/err"
rc=$?
wait "$reader"
expect_rc 0 "FIFO with a reader"
same_file "$T/from-fifo" "$T/want.mobileconfig" "FIFO with a reader"
[ "$(kind "$T/fifo")" = "fifo" ] && pass || fail "the FIFO was replaced: $(kind "$T/fifo")"

# A FIFO nobody reads: an error at once, not a hang.
timeout 10 "$APPVPN" export "$cfg" -o "$T/fifo" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 3 "FIFO without a reader"
expect_err "FIFO and nothing is reading from it" "FIFO without a reader"
[ "$(kind "$T/fifo")" = "fifo" ] && pass || fail "the FIFO was replaced"

# A save is atomic: never into a FIFO or a device.
cp "$cfg" "$T/keep.yaml"
run new ipsec -o "$T/fifo" --force
expect_rc 3 "new -o FIFO"
expect_err "is a FIFO; a configuration is only written to a regular file" "new -o FIFO"
[ "$(kind "$T/fifo")" = "fifo" ] && pass || fail "new replaced the FIFO"
run import "$T/want.mobileconfig" -o "$NULLDEV" --force
expect_rc 3 "import -o /dev/null"
expect_err "is a character device; a configuration is only written" "import -o /dev/null"
run set "$NULLDEV" name=x
expect_rc 3 "set /dev/null"
expect_err "is a character device, not a regular file" "set /dev/null"
[ "$(kind "$NULLDEV")" = "character special file" ] && pass || fail "/dev/null was replaced"

# A socket is neither written nor replaced.
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$T/sock"
run export "$cfg" -o "$T/sock"
expect_rc 3 "socket"
expect_err "it is a socket, which appvpn never writes to or replaces" "socket"
[ "$(kind "$T/sock")" = "socket" ] && pass || fail "the socket was replaced"

# Input: a FIFO is read as a stream, as cat reads it (its writer may come
# after appvpn opened it); set, which writes the file back, refuses it at once.
for cmd in validate show export; do
  { sleep 1; cat "$cfg"; } >"$T/fifo" &
  writer=$!
  timeout 10 "$APPVPN" "$cmd" "$T/fifo" >"$T/out" 2>"$T/err"
  rc=$?
  wait "$writer"
  expect_rc 0 "$cmd reads a FIFO"
done
same_file "$T/out" "$T/want.mobileconfig" "export from a FIFO"
cat "$T/want.mobileconfig" >"$T/fifo" &
writer=$!
timeout 10 "$APPVPN" import "$T/fifo" -o "$T/from-fifo.yaml" >"$T/out" 2>"$T/err"
rc=$?
wait "$writer"
expect_rc 0 "import from a FIFO"
timeout 10 "$APPVPN" set "$T/fifo" name=x >"$T/out" 2>"$T/err"
rc=$?
expect_rc 3 "set on a FIFO"
expect_err "fifo: is a FIFO, not a regular file" "set on a FIFO"
[ "$(kind "$T/fifo")" = "fifo" ] && pass || fail "set replaced the FIFO"
# /dev/zero as input: endless, stopped at the size limit.
timeout 20 "$APPVPN" validate /dev/zero >"$T/out" 2>"$T/err"
rc=$?
expect_rc 3 "validate /dev/zero"
expect_err "file too large" "validate /dev/zero"

# -o never names the input, whatever the spelling (a link to it included).
ln -s c.yaml "$T/alias.yaml"
run export "$cfg" -o "$cfg"
expect_rc 3 "-o onto the input"
expect_err "not writing .*c\.yaml: it is the input file" "-o onto the input"
for o in "$cfg" "$T/alias.yaml" "$T/./c.yaml"; do
  run export "$cfg" -o "$o" --force
  expect_rc 3 "-o onto the input ($o)"
  expect_err "it is the input file" "-o onto the input ($o)"
done
same_file "$cfg" "$EX/ipsec.yaml" "the input after -o onto it"

# -o over another existing file is fine (like cc -o).
echo old >"$T/old.mobileconfig"
run export "$cfg" -o "$T/old.mobileconfig"
expect_rc 0 "-o over an existing file"
same_file "$T/old.mobileconfig" "$T/want.mobileconfig" "-o over an existing file"

finish
