# bash completion for appvpn(1): subcommands, options, connection types,
# themes, variables, and the setting keys (KEY=) and values of the type of the
# file being changed. The candidates come from the binary itself
# (`appvpn __complete WORD...`), so they always match its forms.

_appvpn() {
  local prog=${COMP_WORDS[0]} words=() i w cur prefix line files='' dirs=''
  # Put back together what bash split at COMP_WORDBREAKS ('=' and ':'), so
  # that appvpn sees proxy.setup=manual as the one word it is.
  for ((i = 1; i <= COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if ((i > 1)) && [[ $w =~ ^[=:]+$ || ${COMP_WORDS[i - 1]} =~ ^[=:]+$ ]]; then
      words[-1]+=$w
    else
      words+=("$w")
    fi
  done
  ((${#words[@]})) || words=("")
  cur=${words[-1]}
  # What bash itself replaces: the part after the last '=' or ':'.
  prefix=
  [[ $cur == *[=:]* ]] && prefix=${cur%"${cur##*[=:]}"}

  COMPREPLY=()
  while IFS= read -r line; do
    case $line in
      :files) files=1 ;;
      :dirs) dirs=1 ;;
      *) COMPREPLY+=("${line#"$prefix"}") ;;
    esac
  done < <("$prog" __complete "${words[@]}" 2>/dev/null)

  local part=${cur#"$prefix"}
  if [[ $files ]]; then
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$part")
  elif [[ $dirs ]]; then
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -d -- "$part")
  fi
  if [[ $files || $dirs ]]; then
    compopt -o filenames 2>/dev/null
  fi
  # KEY= and NAME= wait for their value: no space after them.
  for line in "${COMPREPLY[@]}"; do
    if [[ $line == *= ]]; then
      compopt -o nospace 2>/dev/null
      break
    fi
  done
}
complete -F _appvpn appvpn
