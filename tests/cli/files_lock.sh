#!/usr/bin/env bash
# Concurrent `set`s on one file serialise on FILE.lock (docs/files.md): no
# update is lost; a held lock is waited for, then refused with a message
# naming FILE.lock; a FILE.lock left by a killed holder is taken over.
. "$(dirname "$0")/lib.bash"

cfg="$T/c.yaml"
cp "$EX/cisco-anyconnect.yaml" "$cfg"
mkdir -p "$T/certs" && cp "$EX/certs/sales.p12" "$T/certs/"
ROUNDS=${ROUNDS:-200}

# Two writers, different keys. Each checks, before its next round, that its
# own last value is still in the file: the other writer never sets that key,
# so a missing value is an update the other one lost (read before our save,
# written after it).
writer() { # writer KEY PREFIX LOG
  local key=$1 prefix=$2 log=$3 lost=0 failed=0 i
  for ((i = 1; i <= ROUNDS; i++)); do
    if [ "$i" -gt 1 ] && ! grep -q "^ *${key##*.}: ${prefix}$((i - 1))\$" "$cfg"; then
      lost=$((lost + 1))
    fi
    "$APPVPN" set "$cfg" "$key=${prefix}$i" >/dev/null 2>>"$log.err" || failed=$((failed + 1))
  done
  echo "$lost $failed" >"$log"
}
start=$(date +%s%N)
writer proxy.port 1 "$T/a" &
a=$!
writer name "Name " "$T/b" &
b=$!
wait "$a" "$b"
ms=$((($(date +%s%N) - start) / 1000000))
read -r lost_a failed_a <"$T/a"
read -r lost_b failed_b <"$T/b"
echo "concurrent set: 2 x $ROUNDS rounds in ${ms} ms; lost updates: $lost_a (port), $lost_b (name); failed sets: $failed_a, $failed_b"
[ "$lost_a" -eq 0 ] && [ "$lost_b" -eq 0 ] && pass || fail "lost updates: port $lost_a, name $lost_b"
[ "$failed_a" -eq 0 ] && [ "$failed_b" -eq 0 ] && pass || fail "failed sets: $failed_a, $failed_b: $(head -5 "$T/a.err" "$T/b.err")"
grep -q "^  port: 1$ROUNDS\$" "$cfg" && pass || fail "final port missing"
grep -q "^name: Name $ROUNDS\$" "$cfg" && pass || fail "final name missing"
[ -e "$cfg.lock" ] && fail "FILE.lock left behind" || pass
[ "$(find "$T" -name '.*.appvpn-*' | wc -l)" -eq 0 ] && pass || fail "temp files left behind"

# A held lock: set waits (about 3 s), then says who holds FILE.lock.
hold() { # hold SECONDS: holds an fcntl lock on FILE.lock, as another appvpn would
  python3 -c 'import fcntl,sys,time
f = open(sys.argv[1], "a"); fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close(); time.sleep(float(sys.argv[3]))' "$cfg.lock" "$T/held" "$1" &
  holder=$!
  for _ in $(seq 100); do [ -e "$T/held" ] && break; sleep 0.05; done
  rm -f "$T/held"
}
cp "$cfg" "$T/before.yaml"
hold 8
t0=$(date +%s)
run set "$cfg" name=Blocked
t1=$(date +%s)
expect_rc 3 "set while the lock is held"
expect_err "cannot lock .*c\.yaml: .*c\.yaml\.lock is held by process $holder" "set while the lock is held"
same_file "$cfg" "$T/before.yaml" "file after a refused set"
[ $((t1 - t0)) -ge 2 ] && [ $((t1 - t0)) -le 6 ] && pass || fail "waited $((t1 - t0)) s for the lock"

# The holder is killed (-9): its FILE.lock stays, but the kernel dropped the
# lock with it: the next set takes it over at once and removes the file.
kill -9 "$holder" && wait "$holder" 2>/dev/null
[ -e "$cfg.lock" ] && pass || fail "the killed holder left no FILE.lock to test with"
run set "$cfg" name=After
expect_rc 0 "set after the holder was killed"
grep -q '^name: After$' "$cfg" && pass || fail "set after the kill did not write"
[ -e "$cfg.lock" ] && fail "FILE.lock left behind" || pass

# A symlink planted as FILE.lock is not used (nor followed).
ln -s "$T/elsewhere" "$cfg.lock"
run set "$cfg" name=Link
expect_rc 3 "set with FILE.lock a symlink"
expect_err "c\.yaml\.lock: is a symlink" "set with FILE.lock a symlink"
[ -e "$T/elsewhere" ] && fail "the FILE.lock link was followed" || pass
rm -f "$cfg.lock"

finish
