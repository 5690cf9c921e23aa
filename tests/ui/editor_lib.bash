# Shared helpers for the editor scenario tests (sourced; the .bash suffix keeps it out of ctest).
# Each test drives `appvpn --test-script` (no terminal) and checks the saved
# file, the exported profile and screen dumps.
set -u
: "${APPVPN:?APPVPN must name the appvpn binary}"
: "${APPVPN_SRC:?APPVPN_SRC must name the source tree}"
export LANG=C.UTF-8 TZ=UTC TERM=${TERM:-xterm-256color} LINES=${LINES:-24} COLUMNS=${COLUMNS:-80}
unset NO_COLOR
EX="$APPVPN_SRC/examples"
EXPECTED="$APPVPN_SRC/tests/ui/expected"
T=$(mktemp -d /tmp/appvpn-ui-XXXXXX)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 3
failures=0
passes=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }
check() { # check WHAT CMD...: passes when CMD succeeds
  local what=$1
  shift
  if "$@"; then pass; else fail "$what"; fi
}

# edit FILE [appvpn options...] <<'KEYS' ... KEYS
# Runs the editor on FILE with the script from stdin; dumps go to $T/dump.txt,
# stderr to $T/err, the exit status to $rc.
edit() {
  local file=$1
  shift
  cat >"$T/keys.txt"
  "$APPVPN" --test-script "$T/keys.txt" --test-dump "$T/dump.txt" "$@" "$file" >"$T/out" 2>"$T/err"
  rc=$?
}

# screen N: prints dump number N (1-based) from $T/dump.txt.
screen() {
  awk -v n="$1" '/^=== screen [0-9]+ / { cur++; next } cur == n' "$T/dump.txt"
}

# in_screen N REGEX WHAT
in_screen() {
  if screen "$1" | grep -Eq -- "$2"; then pass; else
    fail "$3: screen $1 lacks /$2/:"
    screen "$1" >&2
  fi
}
not_in_screen() {
  if screen "$1" | grep -Eq -- "$2"; then
    fail "$3: screen $1 has /$2/:"
    screen "$1" >&2
  else pass; fi
}

# same_screen N EXPECTED_FILE WHAT
same_screen() {
  screen "$1" >"$T/screen.txt"
  if cmp -s "$T/screen.txt" "$EXPECTED/$2"; then pass; else
    fail "$3: screen $1 differs from expected/$2:"
    diff "$EXPECTED/$2" "$T/screen.txt" | head -30 >&2
  fi
}

yaml_has() { # yaml_has FILE REGEX WHAT
  if grep -Eq -- "$2" "$1"; then pass; else fail "$3: $1 lacks /$2/"; fi
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
