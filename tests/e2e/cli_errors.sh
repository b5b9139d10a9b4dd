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
# The TCP options on another mechanism would change nothing: refused, in view as in trace.
expect 2 "$build/ipcviz" view --text --mechanism pipe --nagle
expect 2 "$build/ipcviz" view --text --mechanism shm --split-header
expect 2 "$build/ipcviz" trace --mechanism unix --nagle --split-header
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
# Every mode of trace is one of view's too, and its help says so.
for option in --round-trip --nagle --split-header; do
    if "$build/ipcviz" view --help | grep -q -- "^  $option "; then
        echo "ok:   view --help documents $option"
    else
        echo "FAIL: view --help does not document $option"
        fails=$((fails + 1))
    fi
done
# view --text runs in every mode: a round trip counts both ways; TCP with Nagle and split headers
# says so and sends each prefix in a call of its own.
out=$("$build/ipcviz" view --text --mechanism pipe --round-trip --messages 4)
if [ $? -eq 0 ] && grep -q "4 round trips of 64 bytes" <<<"$out" && grep -q "Child .*message 4 sent" <<<"$out"; then
    echo "ok:   view --text --round-trip: 4 round trips, the child sends too"
else
    echo "FAIL: view --text --round-trip: $out"
    fails=$((fails + 1))
fi
out=$("$build/ipcviz" view --text --mechanism tcp --nagle --split-header --messages 3)
if [ $? -eq 0 ] && grep -q "sendmsg(fd [0-9]*, 4) = 4" <<<"$out" && grep -q "Nagle's algorithm is on" <<<"$out"; then
    echo "ok:   view --text --nagle --split-header: prefixes sent apart, the stall explained"
else
    echo "FAIL: view --text --nagle --split-header: $out"
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
