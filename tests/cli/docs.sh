#!/usr/bin/env bash
# The documentation tells the truth: appvpn(1) lists the commands main.c
# dispatches, --help shows and completion offers, and every option they name;
# both man pages carry the binary's version and pass `mandoc -T lint`; the
# docs name only files that exist in the source tree.
. "$(dirname "$0")/lib.bash"
S=$APPVPN_SRC

# The commands, four ways.
run --help
expect_rc 0 "--help"
sed -n '/^Commands:/,/^$/p' "$T/out" | grep -oE '^  [a-z]+' | tr -d ' ' | sort -u >"$T/help"
# appvpn(1): the first word of each .TP tag in COMMANDS.
sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$S/man/appvpn.1" |
  awk '/^\.TP/ { getline; sub(/^\.B[I]? "?/, ""); split($0, w, /[ "\\]/); print w[1] }' |
  sort -u >"$T/man"
"$APPVPN" __complete "" | grep -v '^:' | sort -u >"$T/complete"
# main.c's table, and `edit`, which it handles beside the table.
{ grep -oE '\{"[a-z_]+", cmd_[a-z_]+\}' "$S/src/cli/main.c" | cut -d'"' -f2 | grep -v '^__'
  grep -q '"edit"' "$S/src/cli/main.c" && echo edit; } | sort -u >"$T/main"
for other in help complete main; do
  if [ -s "$T/man" ] && cmp -s "$T/man" "$T/$other"; then pass; else
    fail "appvpn(1) COMMANDS and $other differ: $(diff "$T/man" "$T/$other" | grep '^[<>]' | tr '\n' ' ')"
  fi
done

# Every option --help or completion knows is in appvpn(1).
{ grep -oE -- '(^|[ [])--?[a-z][a-z-]*' "$T/out" | grep -oE -- '--?[a-z-]+'
  for c in $(cat "$T/complete"); do "$APPVPN" __complete "$c" -; done
  "$APPVPN" __complete -; } | grep -vx -- '-' | sort -u >"$T/options"
man_text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$S/man/appvpn.1")
while read -r opt; do
  if grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" <<<"$man_text"; then pass; else fail "appvpn(1) lacks $opt"; fi
done <"$T/options"

# The environment the code reads is in ENVIRONMENT.
env_section=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$S/man/appvpn.1")
for v in $(grep -rhoE 'getenv\("[A-Z_]+"\)' "$S/src" | cut -d'"' -f2 | sort -u); do
  if grep -q "$v" <<<"$env_section"; then pass; else fail "appvpn(1) ENVIRONMENT lacks $v"; fi
done

# One version: the binary's (CMake's project VERSION) in both footers.
version=$("$APPVPN" --version | awk '{print $2}')
for page in man/appvpn.1 man/appvpn-forms.5; do
  if head -1 "$S/$page" | grep -qF "\"appvpn $version\""; then pass; else
    fail "$page: .TH does not say appvpn $version: $(head -1 "$S/$page")"
  fi
done
if tail -n +2 "$S/man/appvpn.1" | grep -qF "appvpn $version"; then pass; else
  fail "appvpn(1): --version is not said to print appvpn $version"
fi

# mandoc -T lint (setup.sh installs mandoc).
if command -v mandoc >/dev/null; then
  if mandoc -T lint -W warning "$S/man/appvpn.1" "$S/man/appvpn-forms.5" >"$T/lint" 2>&1; then pass; else
    fail "mandoc -T lint: $(cat "$T/lint")"
  fi
else
  echo "mandoc not installed: man pages not linted"
fi

# Paths the docs name exist (placeholders in capitals and error examples aside).
for doc in "$S"/README.md "$S"/docs/*.md "$S"/bench/README.md; do
  grep -ohE '(^|[^A-Za-z0-9_./-])(src|tests|docs|forms|examples|man|cmake|bench|themes|completion)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*]' "$doc" |
    sed -E 's/^[^a-z]//' | sort -u | while read -r p; do
      case $p in *[A-Z]*.* | forms/t.yaml) continue ;; esac
      # shellcheck disable=SC2086
      if compgen -G "$S/$p" >/dev/null; then echo pass; else echo "fail ${doc#"$S"/} names $p, which is not in the tree"; fi
    done
done >"$T/paths"
while read -r verdict rest; do
  if [ "$verdict" = pass ]; then pass; else fail "$rest"; fi
done <"$T/paths"
finish
