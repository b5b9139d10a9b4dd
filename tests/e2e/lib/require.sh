# Sourced by the end-to-end scripts. require_tools NAME...: every named command is installed, or the
# script fails here with "pgrep is not installed (make deps)" — a check must never pass because the
# tool it needs is missing (a missing pgrep would read as "no process found").
# tests/e2e/tools_are_required.sh checks that every script requires the tools it calls.
require_tools() {
    local tool missing=0
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "FAIL: $tool is not installed (make deps)"
            missing=1
        fi
    done
    [ $missing -eq 0 ] || exit 1
}
