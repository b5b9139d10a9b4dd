#!/usr/bin/env bash
# strace, the wrappers and the ptrace audit agree on a pipe run of N messages: the writer makes
# exactly N write() calls and the reader exactly N read() calls, as seen three independent ways.
set -euo pipefail
build=$1
n=2000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v strace >/dev/null || { echo "strace is not installed (make deps)"; exit 1; }

# nth_pid FILE N: the pid of side N (1 = parent, 2 = child) in `ipcviz run --format json` output.
nth_pid() { grep -o '"pid": [0-9]*' "$1" | sed -n "${2}p" | grep -o '[0-9]*$'; }
# count FILE OBJECT SIDE CALL: a call's count in side SIDE's "counters" or "audit" object.
count() {
    local calls
    calls=$(grep -o "\"$2\": {\"calls\": {[^}]*}" "$1" | sed -n "${3}p")
    grep -o "\"$4\": [0-9]*" <<<"$calls" | grep -o '[0-9]*$' || echo 0
}

# 1. strace -f follows the ipcviz process and the run's two processes; count per pid.
# (LeakSanitizer cannot run under ptrace: off for the strace'd process of a SAN=1 build.)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq -o "$work/strace.txt" -e trace=read,write \
    "$build/ipcviz" run --mechanism pipe --messages $n --untraced --format json >"$work/strace-run.json"
writer=$(nth_pid "$work/strace-run.json" 1)
reader=$(nth_pid "$work/strace-run.json" 2)
# Calls of the message size (64): a sanitizer runtime makes a few small write()s of its own
# outside the measured window, which strace sees over the processes' whole lives.
# A call that moves a 64-byte message: "write(4, "..."..., 64) = 64", or the first half of one that
# blocked — "write(4, "..."..., 64 <unfinished ...>", "read(3,  <unfinished ...>" (a read's buffer
# and size are printed only when it resumes).
message_call='[0-9]+, (.*, 64( <unfinished|\))| <unfinished)' 
strace_writes=$(grep -cE "^$writer +write\($message_call" "$work/strace.txt" || true)
strace_reads=$(grep -cE "^$reader +read\($message_call" "$work/strace.txt" || true)
other_writes=$(grep -E "^$writer +write\(" "$work/strace.txt" | grep -cvE "write\($message_call" || true)

# 2. The harness's own ptrace audit and the sys:: wrappers, on a second run.
"$build/ipcviz" run --mechanism pipe --messages $n --untraced --audit --format json >"$work/audit-run.json"
audit_writes=$(count "$work/audit-run.json" audit 1 write)
audit_reads=$(count "$work/audit-run.json" audit 2 read)
wrapper_writes=$(count "$work/audit-run.json" counters 1 write)
wrapper_reads=$(count "$work/audit-run.json" counters 2 read)

echo "(the writer's other write() calls over its whole life: $other_writes)"
echo "write(): strace $strace_writes, audit $audit_writes, wrappers $wrapper_writes (expected $n)"
echo "read():  strace $strace_reads, audit $audit_reads, wrappers $wrapper_reads (expected $n)"
for count in "$strace_writes" "$audit_writes" "$wrapper_writes" "$strace_reads" "$audit_reads" "$wrapper_reads"; do
    [ "$count" -eq $n ] || { echo "disagreement"; exit 1; }
done
