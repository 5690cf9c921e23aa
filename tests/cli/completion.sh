#!/usr/bin/env bash
# Shell completion: `appvpn __complete` and the bash and zsh scripts of
# completion/ (what cmake --install puts in bash-completion's and zsh's
# directories) offer subcommands, options, types and the setting keys of the
# file's type.
. "$(dirname "$0")/lib.bash"

cp "$EX/cisco-anyconnect.yaml" "$EX/ikev2.yaml" "$T/"
cd "$T" || exit 1

# bash: COMP_WORDS as bash splits them (at '=' too), the reply as it shows it.
bash_complete() { # bash_complete WORD... (the last is the one under the cursor)
  bash -c '. "$APPVPN_SRC/completion/appvpn.bash"
    COMP_WORDS=("$APPVPN" "$@"); COMP_CWORD=$#; _appvpn
    printf "%s\n" "${COMPREPLY[@]}"' bash "$@" >"$T/out" 2>"$T/err"
  rc=$?
}
bash_complete set cisco-anyconnect.yaml pro
expect_out "^proxy\.setup=$" "bash: proxy keys of the file's type"
expect_out "^proxy\.port=$" "bash: proxy.port"
expect_no_out "^[^p]" "bash: only keys starting with pro"
bash_complete set cisco-anyconnect.yaml proxy.setup = ""
expect_out "^manual$" "bash: the choices after KEY="
expect_out "^automatic$" "bash: every choice"
bash_complete set cisco-anyconnect.yaml proxy.setup = ma
if [ "$(cat "$T/out")" = manual ]; then pass; else fail "bash: proxy.setup=ma -> $(cat "$T/out")"; fi
bash_complete ""
for c in edit new set validate export show import types vars; do
  expect_out "^$c$" "bash: subcommand $c"
done
expect_no_out "__complete" "bash: the hidden helper is not offered"
expect_out "^cisco-anyconnect\.yaml$" "bash: FILE is offered too"
bash_complete new ik
expect_out "^ikev2$" "bash: connection types"
bash_complete export cisco-anyconnect.yaml --f
expect_out "^--format$" "bash: subcommand options"
bash_complete export cisco-anyconnect.yaml --format ""
expect_out "^binary$" "bash: --format values"
bash_complete --the
expect_out "^--theme$" "bash: global options"
bash_complete --theme h
expect_out "^high-contrast$" "bash: theme names"
bash_complete new ikev2 --set on_demand.e
expect_out "^on_demand\.enabled=$" "bash: new --set keys of the TYPE"
bash_complete export cisco-anyconnect.yaml --var userU
expect_out "^userUID=$" "bash: variable names"

# Every key `types TYPE` lists is offered for a file of that type.
run types ikev2
grep -Eo '^  [a-z_.]+[a-z_]( |$)' "$T/out" | tr -d ' ' | sort -u >"$T/keys"
"$APPVPN" __complete set ikev2.yaml "" | sed -n 's/=$//p' | sort -u >"$T/offered"
missing=$(comm -23 "$T/keys" "$T/offered")
if [ -s "$T/keys" ] && [ -z "$missing" ]; then pass; else fail "keys not completed: $missing"; fi

# zsh: the function run with compadd and _files stubbed (zsh is in setup.sh).
if command -v zsh >/dev/null; then
  zsh_complete() {
    zsh -fc 'compadd() { local -a a=("$@"); print -rl -- "${(@)a[${a[(i)--]}+1,-1]}" }
      compset() { : }
      _files() { print -r -- "<files $*>" }
      fpath=("$APPVPN_SRC/completion" $fpath); autoload -Uz _appvpn
      words=("$APPVPN" "$@"); CURRENT=$(( $# + 1 )); _appvpn' zsh "$@" >"$T/out" 2>"$T/err"
    rc=$?
  }
  zsh_complete set cisco-anyconnect.yaml pro
  expect_rc 0 "zsh: keys"
  expect_out "^proxy\.server=$" "zsh: proxy keys of the file's type"
  zsh_complete set cisco-anyconnect.yaml proxy.setup=
  expect_out "^proxy\.setup=automatic$" "zsh: choices"
  zsh_complete ""
  expect_out "^validate$" "zsh: subcommands"
  expect_out "^<files >$" "zsh: and files"
  zsh_complete --forms ""
  expect_out "^<files -/>$" "zsh: --forms takes a directory"
else
  echo "zsh not installed: its completion not tested"
fi
finish
