# bash completion for recto: options from `recto --help`, format names
# from `recto --list-input-formats` and `--list-output-formats`, so the
# completion knows whatever plugins are installed.
_recto() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local prog=${COMP_WORDS[0]}
  case $prev in
    -f|--from|--read)
      COMPREPLY=($(compgen -W "$("$prog" --list-input-formats 2>/dev/null)" -- "$cur"))
      return ;;
    -t|--to|--write)
      COMPREPLY=($(compgen -W "$("$prog" --list-output-formats 2>/dev/null)" -- "$cur"))
      return ;;
    --citation-style)
      COMPREPLY=($(compgen -W "author-date numeric" -- "$cur"))
      return ;;
    --split-level|--toc-depth|-j|--jobs|-M|--metadata|-O|--option|-V|--variable|\
    --from-encoding|--transform|--max-resource-size|--max-input-size)
      return ;;
    --plugin-path|--resource-path)
      COMPREPLY=($(compgen -d -- "$cur"))
      return ;;
    -o|--output|--bibliography|--metadata-file|--report)
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
      grep -oE -- '(^| )--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ' | sort -u)" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -o bashdefault -F _recto recto
