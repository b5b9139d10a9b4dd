#!/usr/bin/env bash
# A machine that lacks a premise of the grader is named once, at the top of the output and with the
# score (results.json too), with what it costs and the fix; each test that needs the premise fails in
# one line that names the machine, not the code; the others are graded as usual. Each premise is
# faked for the grader alone: ptrace refused (a seccomp filter: every request EPERM), a kernel without
# PTRACE_GET_SYSCALL_INFO (the filter answers that request EIO, as Linux before 5.3 does), and
# /dev/shm read-only (a tmpfs mounted read-only over it in a private mount namespace: root, or a
# user namespace). The reference solutions are graded: every failure here is the machine's.
set -uo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib/require.sh"
. "$(dirname "$0")/lib/checks.sh"
require_tools python3 unshare mount
grader=$build/solutions/graded-tests
[ -x "$grader" ] || { echo "FAIL: $grader is missing (make test builds it)"; exit 1; }
plain="one message arrives whole"                                             # Lab 01, no audit
audited="one write() and one read() per message of at most PIPE_BUF bytes"   # Lab 01, audited
shm="one message arrives whole through shared memory"                        # Lab 04

# expect NAME LOG JSON PREMISE PROBLEM FIX FAILED PASSED: the machine's line at the top (before any
# test's line) and with the score, FAILED failed in one line naming PREMISE, PASSED passed.
expect() {
    local name=$1 log=$2 json=$3 premise=$4 problem=$5 fix=$6 failed=$7 passed=$8
    local first_test top
    first_test=$(grep -n -m1 -E '^(PASS|FAIL)' "$log" | cut -d: -f1)
    top=$(grep -n -m1 -F "Machine: this machine cannot grade with $premise: " "$log" | cut -d: -f1)
    if [ -n "$top" ] && [ -n "$first_test" ] && [ "$top" -lt "$first_test" ]; then ok "$name: the machine's line comes first"
    else fail "$name: no 'Machine: this machine cannot grade with $premise' line before the tests"; fi
    if grep -q -F "$problem" "$log" && grep -q -F "fix: $fix" "$log"; then ok "$name: it says what failed and the fix"
    else fail "$name: the line lacks '$problem' or 'fix: $fix'"; fi
    if [ "$(grep -c -F "Machine: this machine cannot grade with $premise" "$log")" -eq 2 ] &&
        grep -q -E "Machine: this machine cannot grade with .*\(1 test, [0-9]+ points\); fix: " "$log"; then
        ok "$name: the score repeats it with the tests and points it took"
    else fail "$name: the score's Machine line (with '(1 test, N points)') is missing"; fi
    # the failed test: its line, then exactly one line of output, naming the machine
    local after
    after=$(awk -v t="$failed" 'found { print; if (++n == 2) exit } /^FAIL/ && index($0, t) { found = 1 }' "$log")
    if [ "$(printf '%s\n' "$after" | sed -n 1p)" = "             │ not graded: this machine lacks $premise, which this test needs (the Machine line, at the top and with the score, says why and how to fix it); this says nothing about the code" ] &&
        ! printf '%s\n' "$after" | sed -n 2p | grep -q '│'; then
        ok "$name: '$failed' fails in one line that names the machine"
    else fail "$name: '$failed' does not fail in one line naming the machine: $(printf '%s' "$after" | tr '\n' '/')"; fi
    if [ -n "$passed" ]; then
        if grep -q -E "^(.\[[0-9]+m)?PASS.*$passed" "$log"; then ok "$name: '$passed' is graded as usual (passed)"
        else fail "$name: '$passed' did not pass"; fi
    fi
    if python3 - "$json" "$premise" <<'PY'; then ok "$name: results.json says it in its output and tags the test"
import json, sys
doc = json.load(open(sys.argv[1]))
premise = sys.argv[2]
assert "Machine: this machine cannot grade with " + premise in doc["output"], "no Machine line in output"
tagged = [t for t in doc["tests"] if "machine-cannot-grade" in t["tags"]]
assert len(tagged) == 1 and tagged[0]["score"] == 0 and "this machine lacks " + premise in tagged[0]["output"], tagged
PY
    else fail "$name: results.json lacks the Machine line or the tagged test"; fi
}

# 1. ptrace refused
python3 tests/e2e/lib/refuse-ptrace.py all "$grader" "$plain,$audited" --results-json "$work/ptrace.json" >"$work/ptrace.log" 2>&1
status=$?
[ $status -ne 0 ] && ok "ptrace refused: the grader exits non-zero ($status)" || fail "ptrace refused: the grader exited 0"
expect "ptrace refused" "$work/ptrace.log" "$work/ptrace.json" ptrace \
    "ptrace(PTRACE_TRACEME) failed: Operation not permitted" "grade where ptrace is allowed" "$audited" "$plain"

# 2. no PTRACE_GET_SYSCALL_INFO
python3 tests/e2e/lib/refuse-ptrace.py syscall-info "$grader" "$plain,$audited" --results-json "$work/info.json" >"$work/info.log" 2>&1
expect "no PTRACE_GET_SYSCALL_INFO" "$work/info.log" "$work/info.json" "ptrace(PTRACE_GET_SYSCALL_INFO)" \
    "ptrace(PTRACE_GET_SYSCALL_INFO) failed: Input/output error (this kernel is " "grade on Linux 5.3 or later" "$audited" "$plain"

# 3. /dev/shm read-only: a private mount namespace (as root; else a user namespace that maps us to root)
namespace=(unshare -m --propagation private)
[ "$(id -u)" -eq 0 ] || namespace=(unshare -r -m --propagation private)
"${namespace[@]}" bash -c 'mount -t tmpfs -o ro,size=1m tmpfs /dev/shm && exec "$@"' _ \
    "$grader" "$plain,$shm" --results-json "$work/shm.json" >"$work/shm.log" 2>&1
if grep -q 'cannot change root filesystem propagation' "$work/shm.log"; then
    # A chroot (the fresh-machine check): its root is no mount point, so the namespace keeps the
    # mounts' propagation; /dev/shm's own mount is made private in it before anything is mounted over
    # it, so that nothing reaches the machine's namespace (no private /dev/shm mount: not faked).
    kept=(unshare -m --propagation unchanged)
    [ "$(id -u)" -eq 0 ] || kept=(unshare -r -m --propagation unchanged)
    "${kept[@]}" bash -c \
        'mount --make-private /dev/shm && mount -t tmpfs -o ro,size=1m tmpfs /dev/shm && exec "$@"' _ \
        "$grader" "$plain,$shm" --results-json "$work/shm.json" >"$work/shm.log" 2>&1
fi
if grep -q -E '^(unshare|mount):' "$work/shm.log"; then
    fail "/dev/shm read-only: could not fake it here: $(grep -m1 -E '^(unshare|mount):' "$work/shm.log")"
else
    expect "/dev/shm read-only" "$work/shm.log" "$work/shm.json" "POSIX shared memory (/dev/shm)" \
        "failed: Read-only file system (/dev/shm is mounted read-only)" "mount a writable tmpfs on /dev/shm" "$shm" "$plain"
fi

# 4. on this machine as it is: no Machine line at all
"$grader" "$plain" >"$work/plain.log" 2>&1
grep -q "Machine:" "$work/plain.log" && fail "this machine: a Machine line where every premise holds" ||
    ok "this machine: no Machine line where every premise holds"

if [ $fails -ne 0 ]; then
    for log in "$work"/*.log; do echo "--- $log"; head -40 "$log"; done
fi
[ $fails -eq 0 ]
