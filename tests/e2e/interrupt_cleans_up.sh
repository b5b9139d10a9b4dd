#!/usr/bin/env bash
# Ctrl-C (SIGINT) or SIGTERM in the middle of a run: ipcviz ends by that signal, and neither of the
# run's two processes survives it.
set -uo pipefail
build=$1
. "$(dirname "$0")/lib/require.sh"
require_tools pgrep  # without it, "no child found" would read as "none survived"
fails=0
for signal in INT TERM; do
    work=$(mktemp -d)
    # A background job of a script starts with SIGINT ignored: give it the default back, as a
    # terminal's Ctrl-C would find it.
    env --default-signal=INT "$build/ipcviz" trace --mechanism pipe --messages 10000000 --untraced --format json >"$work/out" 2>&1 &
    tool=$!
    # Wait until the run's processes exist (children of the tool, then their child).
    for _ in $(seq 50); do
        run_parent=$(pgrep -P "$tool" | head -n 1)
        [ -n "$run_parent" ] && run_child=$(pgrep -P "$run_parent" | head -n 1)
        [ -n "${run_child:-}" ] && break
        sleep 0.1
    done
    kill -"$signal" "$tool"
    wait "$tool"
    status=$?
    sleep 0.2
    survivors=""
    for pid in ${run_parent:-} ${run_child:-}; do
        kill -0 "$pid" 2>/dev/null && survivors="$survivors $pid"
    done
    want=$((128 + $(kill -l "$signal")))
    if [ -z "${run_child:-}" ]; then
        echo "FAIL: SIG$signal: the run's processes never appeared"
        fails=$((fails + 1))
    elif [ "$status" -ne "$want" ] || [ -n "$survivors" ]; then
        echo "FAIL: SIG$signal: exit status $status (want $want), survivors:${survivors:- none}"
        fails=$((fails + 1))
    else
        echo "ok:   SIG$signal: ipcviz ended by the signal (status $status); run processes $run_parent and $run_child are gone"
    fi
    rm -rf "$work"
    unset run_parent run_child
done
[ $fails -eq 0 ]
