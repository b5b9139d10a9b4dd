#!/usr/bin/env bash
# The grader in the environments a course's machine hands it (the cheap, deterministic part of
# tests/stress/grade-everywhere.sh): one CPU by affinity is detected, noted in the output and in
# results.json, and Lab 04's zero-syscall test says there that it grades no syscall-free stretch; its
# one-CPU test (graded on every machine, both sides held on one CPU) passes the reference and fails
# the mutant that spins on one CPU, there too; standard input closed and a 120-character
# TMPDIR change nothing for Lab 02 (the socket directory goes to /tmp, and the grader says so);
# as root with a writable cgroup cpu controller, a half-CPU quota is detected and reported (it limits
# time, not how many CPUs run at once: still as many usable CPUs as the affinity mask holds); a caller
# that ignores and blocks SIGPIPE changes nothing for Lab 02's EPIPE test.
set -uo pipefail
build=$1
fails=0
work=$(mktemp -d)
quota_cgroup=""
trap '[ -n "$quota_cgroup" ] && rmdir "$quota_cgroup" 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/lib/require.sh"
require_tools taskset python3
grader=$build/solutions/graded-tests
spinner=$build/mutant-04-shared-memory-spins_on_one_cpu/graded-tests
[ -x "$spinner" ] || { echo "FAIL: $spinner is missing (make test builds it)"; exit 1; }
zero_syscall="no syscall and no kernel copy per message while the peer keeps up"
one_cpu="with one usable CPU a waiting side sleeps at once instead of spinning"

check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1
    shift
    if "$@"; then echo "ok:   $what"; else echo "FAIL: $what"; fails=$((fails + 1)); fi
}

# 1. One CPU by affinity: detected, noted, and the one-CPU expectation graded.
taskset -c 0 "$grader" "$zero_syscall,$one_cpu" --results-json "$work/one-cpu.json" >"$work/one-cpu.log" 2>&1
status=$?
check "taskset -c 0: the reference passes the zero-syscall test and the one-CPU test (status $status)" test $status -eq 0
check "taskset -c 0: the score says 'graded with 1 usable CPU'" grep -q "Note: graded with 1 usable CPU (affinity: CPU 0 of" "$work/one-cpu.log"
check "taskset -c 0: the test's note says which expectation it graded" grep -q "note: graded for 1 usable CPU" "$work/one-cpu.log"
check "taskset -c 0: results.json carries the note and the tag" \
    grep -q '"adapted-to-this-machine"' "$work/one-cpu.json"
check "taskset -c 0: results.json's output says 1 usable CPU" grep -q 'graded with 1 usable CPU' "$work/one-cpu.json"
taskset -c 0 "$spinner" "$one_cpu" >"$work/spinner.log" 2>&1
status=$?
check "taskset -c 0: the mutant that spins on one CPU fails the one-CPU test (status $status)" test $status -ne 0
check "taskset -c 0: its failure names the one-CPU expectation" grep -q "on one CPU, a shared-memory round trip at most" "$work/spinner.log"
# (With every CPU it fails the same test: tests/run-all grades it against its expected failures.)

# 2. Standard input closed, and a TMPDIR too long for a socket path inside it.
long=$work/$(printf 'd%.0s' $(seq 1 $((120 - ${#work} - 1))))
mkdir -p "$long"
TMPDIR=$long "$grader" "[lab02]" --results-json "$work/long.json" >"$work/long.log" 2>&1 <&-
status=$?
check "stdin closed, TMPDIR of ${#long} characters: Lab 02 scores full marks (status $status)" test $status -eq 0
[ $status -eq 0 ] || grep -A6 '^FAIL' "$work/long.log" | sed 's/^/    | /' | head -30
check "long TMPDIR: the grader says where the socket directories went" \
    grep -q "TMPDIR is ${#long} characters long, too long for a Unix socket path inside it" "$work/long.log"
check "long TMPDIR: nothing left in it" test -z "$(ls -A "$long")"

# 3. A half-CPU quota (as root, with a writable cgroup cpu controller) is detected and reported.
if [ "$(id -u)" -ne 0 ]; then
    echo "skipped: the CPU quota check needs root (a cgroup)"
else
    if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
        path=$(sed -n 's/^0:://p' /proc/self/cgroup)
        parent=/sys/fs/cgroup${path%/}
        grep -qw cpu "$parent/cgroup.subtree_control" || echo +cpu >"$parent/cgroup.subtree_control" 2>/dev/null
        quota_cgroup=$parent/ipcviz-e2e-quota-$$
        mkdir "$quota_cgroup" 2>/dev/null && echo "50000 100000" >"$quota_cgroup/cpu.max" 2>/dev/null || quota_cgroup=""
    elif [ -d /sys/fs/cgroup/cpu ]; then
        path=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ { print $3 }' /proc/self/cgroup)
        quota_cgroup=/sys/fs/cgroup/cpu${path%/}/ipcviz-e2e-quota-$$
        mkdir "$quota_cgroup" 2>/dev/null && echo 100000 >"$quota_cgroup/cpu.cfs_period_us" &&
            echo 50000 >"$quota_cgroup/cpu.cfs_quota_us" || quota_cgroup=""
    fi
    if [ -z "$quota_cgroup" ]; then
        echo "skipped: the CPU quota check: no writable cgroup cpu controller here"
    else
        bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$quota_cgroup" \
            "$grader" "one message arrives whole through shared memory" >"$work/quota.log" 2>&1
        check "half-CPU quota: detected and reported" grep -q "Note: graded with $(nproc) usable CPUs\{0,1\} .*CPU quota: 0.50 CPU" "$work/quota.log"
    fi
fi

# 4. A caller that ignores and blocks SIGPIPE (a CI runner, a supervisor) spares no writer: each side
# starts with every signal at its default and none blocked, so the mutant that forgets MSG_NOSIGNAL is
# still killed by SIGPIPE, and one that ignores SIGPIPE itself is still caught.
epipe_test="*fails with EPIPE instead of killing it"
without_sigpipe() {  # run "$@" with SIGPIPE ignored and blocked, as such a caller would
    python3 -c 'import os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPIPE})
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}
without_sigpipe "$grader" "[lab02]$epipe_test" >"$work/sigpipe-ref.log" 2>&1
check "SIGPIPE ignored and blocked by the caller: the reference still passes (status $?)" \
    grep -q "^PASS.*fails with EPIPE instead of killing it" "$work/sigpipe-ref.log"
for mutant in no_msg_nosignal ignores_sigpipe; do
    without_sigpipe "$build/mutant-02-unix-socket-$mutant/graded-tests" "$epipe_test" >"$work/sigpipe-$mutant.log" 2>&1
    check "SIGPIPE ignored and blocked by the caller: mutant $mutant still fails the EPIPE test" \
        grep -q "^FAIL.*fails with EPIPE instead of killing it" "$work/sigpipe-$mutant.log"
done
grep -q "killed by SIGPIPE" "$work/sigpipe-no_msg_nosignal.log" ||
    { echo "FAIL: without MSG_NOSIGNAL the writer was not killed by SIGPIPE:"; sed -n '1,8p' "$work/sigpipe-no_msg_nosignal.log"; fails=$((fails + 1)); }

[ "$fails" -eq 0 ]
