#!/usr/bin/env bash
# The student's loop never runs stale code (on a scratch copy of the kit, never the real labs/):
# with build/ipcviz and the labs' shared object absent, `make check LAB=01` builds them, ends with one
# "next:" line naming the handout, the file to edit and `make view LAB=01`, and the handout's next
# command runs the student's code. After each edit of the lab, `make check` and then
# `build/ipcviz trace --impl labs`, or `make view LAB=01`, show the edited behaviour. TEST="..."
# runs one test.
set -uo pipefail
build=$1
cd "$(dirname "$0")/../.."
. tests/e2e/lib/require.sh
. tests/e2e/lib/scratch.sh
require_tools make tar patch
scratch_copy "$build"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
lab="$scratch/labs/01-pipe"
tool="$scratch/$build/ipcviz"
trace() { "$tool" trace --impl labs --messages 3 2>&1; }
rm -f "$tool" "$scratch/$build/labs/libipcviz-impl.so"

# 1. The stub: make check fails with one next: line, and builds what the handout runs next.
out=$(scratch_make check LAB=01 2>&1)
status=$?
next=$(grep '^next:' <<<"$out")
want="next: Lab 01 (labs/01-pipe/README.md): edit labs/01-pipe/pipe_channel.cpp; see your run: make view LAB=01"
if [ $status -ne 0 ] && [ "$(grep -c '^next:' <<<"$out")" -eq 1 ] && [[ $next == "$want"* ]]; then
    echo "ok:   the stub: make check LAB=01 fails (status $status) and ends with: $next"
else
    fail "the stub: status $status, next line: ${next:-none}"
    tail -n 5 <<<"$out" | sed 's/^/      | /'
fi
grep -q '^ipcviz trace --impl labs\|^build/ipcviz trace --impl labs' labs/01-pipe/README.md \
    || fail "the handout no longer gives 'build/ipcviz trace --impl labs' as the next command: update this test"
run=$(trace)
grep -q "not implemented: PipeChannel::setup" <<<"$run" \
    && echo "ok:   make check built build/ipcviz and the labs' library: the trace runs the stub" \
    || fail "after make check, build/ipcviz trace --impl labs: $run"

# 2. The student writes the lab (the reference's code): full marks, no next: line, the trace writes.
# TEST="[lab01]" (by tag) grades what LAB=01 grades (both give the graded tests the spec [lab01];
# LAB=01 itself is step 1's, and lab_errors_stay_in_their_lab.sh's at full marks): one run of Lab 01
# checks both, and that every one of its tests ran.
cp solutions/01-pipe/pipe_channel.cpp solutions/01-pipe/pipe_channel.hpp "$lab/"
out=$(scratch_make check TEST="[lab01]" 2>&1)
status=$?
run=$(trace)
if [ $status -eq 0 ] && ! grep -q '^next:' <<<"$out" && grep -qE 'write\(fd [0-9]+, 64\) = 64' <<<"$run"; then
    echo "ok:   after writing the lab: full marks, no next: line, the trace shows write(fd, 64) = 64"
else
    fail "after writing the lab: status $status; trace: $(head -c 600 <<<"$run")"
fi
lab01_tests=$(cat tests/graded/*.cpp | grep -o '"\[lab01\]\[pts:' | wc -l)
[ "$(grep -cE '^(PASS|FAIL).*Lab 01' <<<"$out")" -eq "$lab01_tests" ] && [ "$(grep -cE '^(PASS|FAIL)' <<<"$out")" -eq "$lab01_tests" ] \
    && echo "ok:   make check TEST=\"[lab01]\" runs Lab 01's $lab01_tests tests" || fail "TEST=[lab01]: $(grep -cE '^(PASS|FAIL)' <<<"$out") of $lab01_tests tests ran"

# 3. An edit that splits each write in two: make check, then the trace shows the halves. The make
# check is one test by name (TEST="..." runs that test alone; the edit does not fail it): it builds
# what a whole lab's check builds, and grading all of Lab 01 again would show nothing more here.
patch -s "$lab/pipe_channel.cpp" <tests/mutants/01-pipe/split_write/pipe_channel.cpp.patch
out=$(scratch_make check TEST="one message arrives whole" 2>&1)
status=$?
[ $status -eq 0 ] && [ "$(grep -cE '^(PASS|FAIL)' <<<"$out")" -eq 1 ] && grep -q 'PASS.*one message arrives whole' <<<"$out" \
    && echo "ok:   make check TEST=\"one message arrives whole\" runs that test alone" \
    || fail "TEST=name -> status $status: $(grep -E '^(PASS|FAIL)' <<<"$out" | head -5)"
run=$(trace)
if grep -qE 'write\(fd [0-9]+, 32\) = 32' <<<"$run" && ! grep -qE 'write\(fd [0-9]+, 64\)' <<<"$run"; then
    echo "ok:   after the edit and make check, the trace shows the edited code: write(fd, 32) twice per message"
else
    fail "after the edit, the trace still shows the previous code: $(head -c 600 <<<"$run")"
fi

# 3b. The edit undone, then straight to make view (no make check): the viewer runs the current code
# too (without a terminal it prints the run as text).
cp solutions/01-pipe/pipe_channel.cpp "$lab/"
run=$(scratch_make view LAB=01 </dev/null 2>&1)
if grep -qE 'write\(fd [0-9]+, 64\) = 64' <<<"$run" && ! grep -qE 'write\(fd [0-9]+, 32\)' <<<"$run"; then
    echo "ok:   make view LAB=01 after undoing the edit shows the current code: write(fd, 64) once per message"
else
    fail "make view LAB=01 after undoing the edit: $(head -c 600 <<<"$run")"
fi

[ $fails -eq 0 ]
