# bash completion for pith. Subcommands and options are read from pith's own --help, so the
# completion follows the installed version without a list to keep up to date.

_pith_help_subcommands() {
    # Lines "  name   description" under "Subcommands:".
    "$@" --help 2>/dev/null | awk '/^Subcommands:/{on=1; next} /^[^ ]/{on=0} on && /^  [a-z]/{print $1}'
}

_pith_help_options() {
    "$@" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[ ,]//' | sort -u
}

_pith() {
    local cur prev i
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    local pith="${COMP_WORDS[0]}"

    # The command path typed so far: pith, pith record, pith record verify, ...
    local -a path=("$pith")
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            -*) ;;
            *)
                if _pith_help_subcommands "${path[@]}" | grep -qx -- "${COMP_WORDS[i]}"; then
                    path+=("${COMP_WORDS[i]}")
                fi
                ;;
        esac
    done

    case "$prev" in
        --format) mapfile -t COMPREPLY < <(compgen -W "svg pdf png" -- "$cur"); return ;;
        --position) mapfile -t COMPREPLY < <(compgen -W "top-left top top-right left right bottom-left bottom bottom-right" -- "$cur"); return ;;
        --record|--keyring) mapfile -t COMPREPLY < <(compgen -f -X '!*.json' -- "$cur"; compgen -d -- "$cur"); return ;;
        -o|--output|--output-dir|--cache-dir|--font|--report) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        --base-url|--dpi|--size|--timeout|--connect-timeout|--max-bytes|--page|--margin|--date|--number|-j|--jobs) return ;;
    esac

    if [[ "$cur" == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_pith_help_options "${path[@]}")" -- "$cur")
        return
    fi
    local subs
    subs="$(_pith_help_subcommands "${path[@]}")"
    if [[ -n "$subs" ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
        return
    fi
    # Positional arguments are files: PDFs for verify, extract and stamp, records elsewhere.
    case "${path[1]}" in
        verify|extract|stamp) mapfile -t COMPREPLY < <(compgen -f -X '!*.[pP][dD][fF]' -- "$cur"; compgen -d -- "$cur") ;;
        *) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    esac
}
complete -o filenames -F _pith pith
