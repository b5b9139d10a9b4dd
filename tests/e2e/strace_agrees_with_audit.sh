#!/usr/bin/env bash
# strace, the sys:: wrappers and the harness's own ptrace audit agree, for every mechanism, on the
# data calls of a run of N messages: the writer makes exactly N send calls and the reader exactly N
# receive calls (pipe: write/read; Unix socket and TCP: sendmsg/recvmsg; shared memory: none).
set -euo pipefail
build=$1
n=2000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib/require.sh"
require_tools strace

# nth_pid FILE N: the pid of side N (1 = parent, 2 = child) in `ipcviz trace --format json` output.
nth_pid() { grep -o '"pid": [0-9]*' "$1" | sed -n "${2}p" | grep -o '[0-9]*$'; }
# count FILE OBJECT SIDE CALL: a call's count in side SIDE's "counters" or "audit" object.
count() {
    local calls
    calls=$(grep -o "\"$2\": {\"calls\": {[^}]*}" "$1" | sed -n "${3}p")
    grep -o "\"$4\": [0-9]*" <<<"$calls" | grep -o '[0-9]*$' || echo 0
}
# strace_count FILE PID CALL SIZE: calls of CALL by PID that moved SIZE bytes — "write(4, ..., 64) = 64",
# or the first half of one that blocked ("... <unfinished ...>": its result is printed later). A
# sanitizer runtime makes a few small write()s of its own outside the window; the size sets them apart.
strace_count() {
    local finished started
    finished=$(grep -cE "^$2 +$3\(.*\) += $4\$" "$1" || true)
    started=$(grep -cE "^$2 +$3\(.*<unfinished \.\.\.>\$" "$1" || true)
    echo $((finished + started))
}

fails=0
for mechanism in pipe unix tcp shm; do
    case $mechanism in
        pipe) send=write; receive=read; size=64 ;;
        unix | tcp) send=sendmsg; receive=recvmsg; size=68 ;;  # a 4-byte length prefix, then 64 bytes
        shm) send=write; receive=read; size=64 ;;               # expected: none at all
    esac
    expected=$n
    [ $mechanism = shm ] && expected=0
    # 1. strace -f follows the ipcviz process and the run's two processes; count per pid.
    # (LeakSanitizer cannot run under ptrace: off for the strace'd process of a SAN=1 build.)
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq -o "$work/strace.txt" \
        -e trace=read,write,sendmsg,recvmsg,sendto,recvfrom \
        "$build/ipcviz" trace --mechanism $mechanism --messages $n --untraced --format json >"$work/strace-run.json"
    writer=$(nth_pid "$work/strace-run.json" 1)
    reader=$(nth_pid "$work/strace-run.json" 2)
    strace_sends=$(strace_count "$work/strace.txt" "$writer" $send $size)
    strace_receives=$(strace_count "$work/strace.txt" "$reader" $receive $size)
    # 2. The harness's own ptrace audit and the sys:: wrappers, on a second run.
    "$build/ipcviz" trace --mechanism $mechanism --messages $n --untraced --audit --format json >"$work/audit.json"
    audit_sends=$(count "$work/audit.json" audit 1 $send)
    audit_receives=$(count "$work/audit.json" audit 2 $receive)
    wrapper_sends=$(count "$work/audit.json" counters 1 $send)
    wrapper_receives=$(count "$work/audit.json" counters 2 $receive)
    verdict=ok
    for c in "$strace_sends" "$audit_sends" "$wrapper_sends" "$strace_receives" "$audit_receives" "$wrapper_receives"; do
        [ "$c" -eq $expected ] || verdict=DISAGREE
    done
    printf '%-4s %-8s %s(): strace %s, audit %s, wrappers %s;  %s(): strace %s, audit %s, wrappers %s  (expected %s each)\n' \
        "$mechanism" "$verdict" $send "$strace_sends" "$audit_sends" "$wrapper_sends" \
        $receive "$strace_receives" "$audit_receives" "$wrapper_receives" $expected
    [ $verdict = ok ] || fails=$((fails + 1))
done
[ $fails -eq 0 ]
