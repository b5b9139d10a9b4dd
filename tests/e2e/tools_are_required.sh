#!/usr/bin/env bash
# Every script of the suite that calls a tool a minimal Debian lacks (pgrep, tmux, strace, ...) first
# requires it (require_tools, tests/e2e/lib/require.sh), so a missing tool fails the script instead of
# reading as "nothing found"; and `make deps` installs every such tool (its package is in PACKAGES).
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/e2e/lib/require.sh
require_tools make
# Commands outside Debian's minbase (coreutils, grep, sed, mawk, findutils, util-linux, tar are in it),
# each with the package that brings it; a tool with no package here must not be used at all.
declare -A package=([pgrep]=procps [pkill]=procps [ps]=procps [tmux]=tmux [strace]=strace [doxygen]=doxygen
    [patch]=patch [make]=make [python3]=python3 [jq]= [bc]= [xxd]= [ss]= [lsof]= [socat]= [nc]= [killall]= [gdb]= [perf]=
    [zip]=zip [unzip]=unzip [curl]= [wget]= [sudo]=)
packages=" $(make -s --no-print-directory print-packages) make "
fails=0
for script in tests/run-all tests/e2e/*.sh tests/e2e/lib/*.sh tests/stress/*.sh docs/*.sh; do
    [ -e "$script" ] || continue
    # The script without comments and without the text of echo/printf lines.
    code=$(sed -e 's/^[[:space:]]*#.*//' -e 's/[[:space:]]#[[:space:]].*//' -e 's/\(echo\|printf\|fail\) .*/\1/' "$script")
    required=" $(grep -o 'require_tools .*' "$script" | sed 's/require_tools//' | tr '\n' ' ') "
    for tool in "${!package[@]}"; do
        # The tool in command position: at the start, after | ; & ( $( ! { then do, or after VAR=value.
        grep -qE "(^|[|;&(!{]|\\\$\(|then|do)[[:space:]]*([A-Za-z_]+=[^[:space:]]*[[:space:]]+)*$tool([[:space:]]|\$|\))" <<<"$code" || continue
        if [ -z "${package[$tool]}" ]; then
            echo "FAIL: $script calls $tool, which make deps does not install: use what the kit's packages bring"
            fails=$((fails + 1))
        elif [[ $packages != *" ${package[$tool]} "* ]]; then
            echo "FAIL: $script calls $tool, but its package ${package[$tool]} is not in the Makefile's PACKAGES"
            fails=$((fails + 1))
        elif [[ $required != *" $tool "* ]] && [[ $script != tests/e2e/lib/* ]]; then  # lib/: its callers require
            echo "FAIL: $script calls $tool without require_tools $tool first"
            fails=$((fails + 1))
        fi
    done
done
[ $fails -eq 0 ] && echo "ok: every script requires the tools it calls, and make deps installs them"
[ $fails -eq 0 ]
