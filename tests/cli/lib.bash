# Shared helpers for the CLI scenario tests (sourced; the .bash suffix keeps it out of ctest).
set -u
: "${APPVPN:?APPVPN must name the appvpn binary}"
: "${APPVPN_SRC:?APPVPN_SRC must name the source tree}"
export LANG=C.UTF-8 TZ=UTC NO_COLOR=1
EX="$APPVPN_SRC/examples"
T=$(mktemp -d /tmp/appvpn-cli-XXXXXX)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
failures=0
passes=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }

# run CMD...: runs appvpn, capturing stdout in $T/out, stderr in $T/err, status in $rc.
run() {
  "$APPVPN" "$@" >"$T/out" 2>"$T/err"
  rc=$?
}

expect_rc() { # expect_rc N what
  if [ "$rc" -eq "$1" ]; then pass; else fail "$2: exit $rc, expected $1; stderr: $(head -c 600 "$T/err")"; fi
}

expect_err() { # expect_err REGEX what
  if grep -Eq -- "$1" "$T/err"; then pass; else fail "$2: stderr lacks /$1/: $(head -c 600 "$T/err")"; fi
}

expect_out() { # expect_out REGEX what
  if grep -Eq -- "$1" "$T/out"; then pass; else fail "$2: stdout lacks /$1/: $(head -c 600 "$T/out")"; fi
}

expect_no_out() { # expect_no_out REGEX what
  if grep -Eq -- "$1" "$T/out"; then fail "$2: stdout has /$1/"; else pass; fi
}

same_file() { # same_file A B what
  if cmp -s "$1" "$2"; then pass; else fail "$3: $1 and $2 differ: $(diff "$1" "$2" | head -20)"; fi
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
