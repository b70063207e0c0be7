# Sourced by the tests: asks a bash completion script what it completes, as
# bash does on TAB. Needs Debian's bash-completion.
#
#     load_completion FILE       bash-completion, then the script FILE
#     completions WORD...        the candidates for the last WORD (may be "")

load_completion() {
    # shellcheck disable=SC1091
    source /usr/share/bash-completion/bash_completion || return 1
    # shellcheck disable=SC1090
    source "$1"
}

completions() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _taxi_etl taxi-etl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
