#!/usr/bin/env bash
# The documentation tells the truth: appvpn(1) lists the commands of the
# command table, --help shows and completion offers, each with the options
# the table gives it, and every option they name;
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
# The command table (src/cli/cmdtable.c), hidden entries (__name) aside.
grep -oE '\{\.name = "[a-z_]+"' "$S/src/cli/cmdtable.c" | cut -d'"' -f2 | grep -v '^__' |
  sort -u >"$T/table"
for other in help complete table; do
  if [ -s "$T/man" ] && cmp -s "$T/man" "$T/$other"; then pass; else
    fail "appvpn(1) COMMANDS and $other differ: $(diff "$T/man" "$T/$other" | grep '^[<>]' | tr '\n' ' ')"
  fi
done

# Each command's options: what `appvpn help CMD` lists is what its entries in
# appvpn(1) COMMANDS name, no more (global options may be named anywhere).
help_opts() { "$APPVPN" help "$1" | sed -n '/^Options:/,/^$/p' | grep -oE -- '--[a-z][a-z-]*' | sort -u; }
"$APPVPN" --help | sed -n '/^Options/,/^$/p' | grep -oE -- '--[a-z][a-z-]*' | sort -u >"$T/global"
sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$S/man/appvpn.1" | sed 's/\\-/-/g; s/\\f[BIRP]//g' |
  awk '/^\.TP/ { getline; sub(/^\.B[I]? "?/, ""); split($0, w, /[ "\\]/); cmd = w[1] } cmd { print cmd "\t" $0 }' >"$T/entries"
while read -r c; do
  help_opts "$c" >"$T/opts.$c"
  grep "^$c	" "$T/entries" | cut -f2- | grep -oE -- '--[a-z][a-z-]*' | sort -u >"$T/man.$c"
  missing=$(comm -23 "$T/opts.$c" "$T/man.$c" | tr '\n' ' ')
  extra=$(comm -13 "$T/opts.$c" "$T/man.$c" | comm -23 - "$T/global" | tr '\n' ' ')
  if [ -z "$missing" ]; then pass; else fail "appvpn(1) $c lacks $missing"; fi
  if [ -z "$extra" ]; then pass; else fail "appvpn(1) $c names options it does not take: $extra"; fi
  run "$c" --help
  expect_rc 0 "$c --help"
  if cmp -s "$T/out" <("$APPVPN" help "$c"); then pass; else fail "$c --help and help $c differ"; fi
  if awk 'length($0) > 80 { exit 1 }' "$T/out"; then pass; else fail "$c --help has lines over 80 columns"; fi
done <"$T/table"

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
