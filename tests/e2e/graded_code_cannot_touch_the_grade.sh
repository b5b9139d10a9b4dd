#!/usr/bin/env bash
# The graded code cannot touch its own grade. A malicious lab (graded_code/attacks_its_grade.cpp: it
# fails every test and, from a static initialiser and from setup(), overwrites results.json, tries to
# ptrace the grader and write its memory, registers an atexit handler, and leaves a setsid() process
# rewriting results.json) is graded with three of Lab 01's tests, as root and, when root, as an unprivileged
# user too (as on Gradescope). Each time: results.json holds the true score (0), every attack that
# targets the grader was refused, none of the lab's code ran in the grader's own process, and nothing
# rewrites results.json after the grader has gone. Also: graded-tests contains no implementation, and
# refuses to write a grade when an implementation was mapped into it (here by LD_PRELOAD).
set -uo pipefail
build=$1
cd "$(dirname "$0")/../.."
. tests/e2e/lib/require.sh
. tests/e2e/lib/checks.sh
require_tools g++ nm ldd python3 setpriv
work=$(mktemp -d "${TMPDIR:-/tmp}/grade-attack.XXXXXX")  # not ipcviz-*: run-all counts those as leftovers
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

# 0. The grading program has no implementation linked into it.
if nm "$build/labs/graded-tests" | grep -qE 'ipcviz_new_channel|new_lab0[0-9]_channel'; then
    fail "graded-tests defines an implementation's symbols: $(nm -C "$build/labs/graded-tests" | grep -E 'ipcviz_new_channel|new_lab0' | head -n 3)"
else
    ok "graded-tests links no implementation (no ipcviz_new_channel, no lab factory in it)"
fi

g++ -std=c++20 -O1 -fPIC -shared -Ilib/include tests/e2e/graded_code/attacks_its_grade.cpp -o "$work/libipcviz-impl.so" \
    || { fail "the malicious lab does not compile"; exit 1; }
# Three of Lab 01's tests, none audited: under ptrace a process that leaves the run is ended only at
# the run's deadline (8 s a test), which would make this script slow without proving more.
tests=("one message arrives whole" "the reader sees end of file once the writer has closed"
    "a round trip over two pipes echoes every message")
spec=$(IFS=,; echo "${tests[*]}")
points=0
for name in "${tests[@]}"; do
    line=$(grep -F "TEST_CASE(\"$name\"" tests/graded/lab01_pipe.cpp) || { fail "no Lab 01 test named '$name'"; exit 1; }
    points=$((points + $(grep -o 'pts:[0-9]*' <<<"$line" | cut -d: -f2)))
done

# grade_as LABEL [RUNNER...]: grades the malicious lab; checks the grade and the attacks' outcomes.
grade_as() {
    local label=$1
    shift
    local dir="$work/$label" grader status
    mkdir -p "$dir/grade"
    chmod -R 777 "$dir"
    "$@" env IPCVIZ_ATTACK_LOG="$dir/attacks.log" IPCVIZ_ATTACK_TARGET="$dir/grade/results.json" \
        "$build/graded-tests" --impl "$work/libipcviz-impl.so" --results-json "$dir/grade/results.json" "$spec" \
        >"$dir/out.log" 2>&1 &
    wait $!
    status=$?
    grader=$(awk '$1 == "ptrace" { p = $2 } END { print p }' "$dir/attacks.log" 2>/dev/null)
    local grade
    grade=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert "forged" not in r, "forged"
print(r["score"], sum(t["max_score"] for t in r["tests"]), len(r["tests"]))' "$dir/grade/results.json" 2>&1)
    if [ $status -eq 1 ] && [ "$grade" = "0 $points ${#tests[@]}" ]; then
        ok "$label: results.json holds the true grade, 0 of $points, every test graded in it"
    else
        fail "$label: graded-tests status $status (expected 1), results.json: $grade; $(head -c 300 "$dir/grade/results.json")"
        tail -n 20 "$dir/out.log" | sed 's/^/      | /'
    fi
    # The attacks ran (or this test proves nothing), in the runs' processes only.
    local attackers
    attackers=$(awk '$1 == "init" || $1 == "setup" { print $2 }' "$dir/attacks.log" 2>/dev/null | sort -u | wc -l)
    if [ "$attackers" -gt 0 ] && [ -n "$grader" ] && [ "$(cat "/proc/$grader/comm" 2>/dev/null)" != graded-tests ]; then
        ok "$label: the lab's code ran, in $attackers processes of the runs"
    else
        fail "$label: the attacks did not run as expected ($attackers attacking processes; last ptrace target '$grader')"
    fi
    if awk -v g="$grader" '($1 == "init" || $1 == "setup") && $2 == g { found = 1 } END { exit !found }' "$dir/attacks.log"; then
        fail "$label: the lab's code ran inside the grader (pid $grader)"
    else
        ok "$label: none of the lab's code ran in the grader (pid $grader)"
    fi
    local against
    against=$(awk -v g="$grader" '($1 == "ptrace" || $1 == "process_vm_writev" || $1 == "proc_mem") && $2 == g' "$dir/attacks.log" | sort | uniq -c)
    if grep -q . <<<"$against" && ! grep -qE ' ok$' <<<"$against"; then
        ok "$label: every attempt on the grader's memory was refused: $(echo $against)"
    else
        fail "$label: attempts on the grader: ${against:-none logged}"
    fi
    # Whatever the lab left running is gone: results.json stays as the grader wrote it.
    local before after
    before=$(cksum <"$dir/grade/results.json")
    sleep 0.5
    after=$(cksum <"$dir/grade/results.json")
    local alive=""
    for pid in $(awk '$1 == "forger" { print $2 }' "$dir/attacks.log"); do
        kill -0 "$pid" 2>/dev/null && alive+=" $pid"
    done
    if [ "$before" = "$after" ] && [ -z "$alive" ] && grep -q '^forger ' "$dir/attacks.log"; then
        ok "$label: the setsid() forgers the lab started were all ended; results.json unchanged after the grader"
    else
        fail "$label: after the grader: results.json $( [ "$before" = "$after" ] && echo unchanged || echo CHANGED), forgers alive:${alive:- none}"
    fi
}

grade_as root
if [ "$(id -u)" -eq 0 ]; then
    # Not 61000 (run_autograder's default) nor 60000–60999 or 62000–62999, the uids the Gradescope
    # scripts grade as and then end every process of (kill -1; tests/e2e/lib/autograder.sh).
    grade_as unprivileged setpriv --reuid=61013 --regid=61013 --clear-groups
fi

# The self-check: a grader with an implementation mapped into it writes no grade.
mkdir -p "$work/preloaded"
# Under SAN=1 the ASan runtime must come first in the preload list (it refuses to start otherwise).
asan=$(ldd "$build/graded-tests" | awk '$1 ~ /^libasan/ { print $3 }')
LD_PRELOAD="${asan:+$asan }$PWD/$build/labs/libipcviz-impl.so" "$build/graded-tests" --impl "$build/labs/libipcviz-impl.so" \
    --results-json "$work/preloaded/results.json" 'one message arrives whole' >"$work/preloaded/out.log" 2>&1
status=$?
if [ $status -eq 3 ] && [ ! -e "$work/preloaded/results.json" ] && grep -q 'no grade is written' "$work/preloaded/out.log"; then
    ok "a grader with an implementation loaded into it refuses to write a grade (status 3)"
else
    fail "with an implementation preloaded: status $status, results.json $( [ -e "$work/preloaded/results.json" ] && echo written || echo absent)"
    tail -n 5 "$work/preloaded/out.log" | sed 's/^/      | /'
fi
[ "$fails" -eq 0 ]
