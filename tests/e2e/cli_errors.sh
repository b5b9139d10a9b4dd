#!/usr/bin/env bash
# The ipcviz front end: bad input gets one clear line on stderr and exit status 2.
set -uo pipefail
build=$1
fails=0
expect() {  # expect STATUS COMMAND...: the status, and for status 2 exactly one line on stderr
    local want=$1
    shift
    local err
    err=$("$@" 2>&1 >/dev/null)
    local got=$?
    local lines
    lines=$(printf '%s' "$err" | grep -c '' || true)
    if [ "$got" -ne "$want" ] || { [ "$want" -eq 2 ] && [ "$lines" -ne 1 ]; }; then
        echo "FAIL: $* -> status $got (want $want), stderr: $err"
        fails=$((fails + 1))
    else
        echo "ok:   $* -> $got ${err:+($err)}"
    fi
}
expect 2 "$build/ipcviz" trace --no-such-option
expect 2 "$build/ipcviz" trace --messages banana
expect 2 "$build/ipcviz" trace --mechanism carrier-pigeon
expect 2 "$build/ipcviz" trace --messages 0
expect 2 "$build/ipcviz" trace --size 0
expect 2 "$build/ipcviz" trace --format xml
expect 2 "$build/ipcviz" frobnicate
expect 2 "$build/ipcviz"
expect 2 "$build/ipcviz" view --text --messages 5001
expect 0 "$build/ipcviz" --version
expect 0 "$build/ipcviz" --help
expect 0 "$build/ipcviz" trace --help
expect 0 "$build/ipcviz" trace --messages 3
# The stub fails the run: a non-zero status, and the reason on stdout.
out=$("$build/ipcviz" trace --impl labs --messages 3)
status=$?
if [ $status -eq 1 ] && grep -q "not implemented: PipeChannel::setup" <<<"$out"; then
    echo "ok:   run --impl labs -> 1 (not implemented)"
else
    echo "FAIL: run --impl labs -> $status: $out"
    fails=$((fails + 1))
fi
# The --messages range each command takes is the one its help states, and its error repeats it.
for command in "view 5000" "trace 10000000"; do
    set -- $command
    help=$("$build/ipcviz" "$1" --help)
    error=$("$build/ipcviz" "$1" --messages $(($2 + 1)) 2>&1 >/dev/null)
    if grep -q "how many messages, 1 to $2\$" <<<"$help" && grep -q "between 1 and $2\$" <<<"$error"; then
        echo "ok:   $1: --help and the error both say 1 to $2 messages"
    else
        echo "FAIL: $1: --help or the error does not say 1 to $2 messages ($error)"
        fails=$((fails + 1))
    fi
done
[ $fails -eq 0 ]
