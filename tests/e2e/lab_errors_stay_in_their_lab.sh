#!/usr/bin/env bash
# One lab's mistake never blocks another's grade (on a scratch copy of the kit, never the real labs/):
# with Lab 01 solved, a warning in labs/04 is shown and Lab 01 still scores full marks; an error in
# labs/04 leaves Lab 01 graded as before while Lab 04's tests fail with the compiler's message; a
# lab that does not link fails the same way; a function defined in two labs does not clash; every
# make check replaces build/grade/results.json, even when the graded tests cannot be built at all.
# LAB=1 and LAB=pipe name Lab 01; LAB=7 is refused.
set -uo pipefail
build=$1
cd "$(dirname "$0")/../.."
. tests/e2e/lib/require.sh
. tests/e2e/lib/scratch.sh
require_tools make tar
scratch_copy "$build"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
results="$scratch/build/grade/results.json"
shm_file="$scratch/labs/04-shared-memory/shm_channel.cpp"
cp solutions/01-pipe/* "$scratch/labs/01-pipe/"

# check_lab01 WHAT LAB_ARGUMENT: make check of Lab 01 scores full marks and writes a new results.json.
check_lab01() {
    mkdir -p "$(dirname "$results")" && echo stale >"$results"
    out=$(scratch_make check LAB="$2" 2>&1)
    status=$?
    # Full marks, whatever Lab 01's total (the handout's points table).
    local score max
    score=$(sed -n 's/^ *"score": \([0-9]*\).*/\1/p' "$results" | head -n 1)
    max=$(sed -n 's/^ *"max_score": \([0-9]*\).*/\1/p' "$results" | head -n 1)
    if [ $status -eq 0 ] && grep -q 'Total  *\([0-9][0-9]*\) / \1 points' <<<"$out" && [ -n "$score" ] &&
        [ "$score" != 0 ] && [ "$score" = "$max" ]; then
        echo "ok:   $1: make check LAB=$2 scores Lab 01 $score/$max and rewrites results.json"
    else
        fail "$1: make check LAB=$2 -> status $status, results.json: $(head -c 200 "$results")"
        tail -n 30 <<<"$out" | sed 's/^/      | /'
    fi
}

# Each make check grades Lab 01 in full; cases that cannot mask each other share one (a warning and a
# helper defined twice; a lab that does not link and the LAB=pipe spelling), to grade it fewer times.
# 1. A warning in Lab 04: shown, not fatal. And the same helper, not static, in two labs (copied from
# one to the next): no clash between them.
echo 'static int unused_by_the_e2e_test;' >>"$shm_file"
for file in "$scratch/labs/01-pipe/pipe_channel.cpp" "$scratch/labs/02-unix-socket/unix_socket_channel.cpp"; do
    echo 'int copied_helper_of_the_e2e_test(int x) { return x + 1; }' >>"$file"
done
check_lab01 "a warning in labs/04, the same helper function in labs/01 and labs/02" 01
grep -q "shm_channel.cpp.*warning: .*unused_by_the_e2e_test" <<<"$out" \
    && echo "ok:   the warning is shown" || fail "the warning in labs/04 was not shown"

# 2. An error in Lab 04: Lab 01 is graded as before; Lab 04's tests fail with the compiler's message.
echo 'int broken_by_the_e2e_test() { return undeclared_name_of_the_e2e_test; }' >>"$shm_file"
check_lab01 "an error in labs/04" 1
grep -q "labs/04-shared-memory does not compile" <<<"$out" \
    && echo "ok:   the build says labs/04 does not compile and goes on" || fail "no word that labs/04 does not compile"
echo stale >"$results"
out=$(scratch_make check LAB=04-shared-memory 2>&1)
status=$?
failed=$(grep -c '^FAIL' <<<"$out")
taught=$(grep -c 'labs/04-shared-memory does not compile, so none of its tests can run' <<<"$out")
if [ $status -ne 0 ] && [ "$failed" -ge 5 ] && [ "$taught" -eq "$failed" ] && ! grep -q '^PASS' <<<"$out" \
    && grep -q "undeclared_name_of_the_e2e_test" <<<"$out" && grep -q '"score": 0' "$results" \
    && grep -q 'undeclared_name_of_the_e2e_test' "$results"; then
    echo "ok:   Lab 04's $failed tests fail, each with the compiler's error, in the output and in results.json"
else
    fail "make check LAB=04-shared-memory -> status $status, $failed FAIL lines, $taught with the compiler's message"
    tail -n 30 <<<"$out" | sed 's/^/      | /'
fi
trace=$("$scratch/$build/ipcviz" trace --impl labs -m shm -n 3 2>&1)
grep -q "labs/04-shared-memory does not compile" <<<"$trace" \
    && echo "ok:   build/ipcviz trace --impl labs -m shm says why too" || fail "trace of the broken lab: $trace"

# 2b. A lab that compiles but does not link (a function declared, called, never defined).
echo 'void declared_never_defined_e2e(); void calls_it_e2e() { declared_never_defined_e2e(); }' \
    >>"$scratch/labs/03-tcp/tcp_channel.cpp"
check_lab01 "labs/03 does not link" pipe
trace=$("$scratch/$build/ipcviz" trace --impl labs -m tcp -n 3 2>&1)
grep -q "labs/03-tcp does not link, so none of its tests can run" <<<"$trace" && grep -q "declared_never_defined_e2e" <<<"$trace" \
    && echo "ok:   a lab that does not link fails with the linker's error" || fail "trace of the unlinkable lab: $trace"

# 3. LAB= spellings (01, 1 and pipe are used above).
out=$(scratch_make check LAB=7 2>&1)
status=$?
[ $status -ne 0 ] && grep -q "there is no lab '7'; the labs are 01-pipe 02-unix-socket" <<<"$out" && ! grep -q Score <<<"$out" \
    && echo "ok:   LAB=7 is refused with the list of labs" || fail "LAB=7 -> status $status: $out"
[ ! -e "$results" ] && echo "ok:   ... and leaves no results.json" || fail "LAB=7 left a results.json"

# 4. Graded tests that cannot be built at all (here: the kit's own test file broken) still leave a
# new results.json, a score of 0 that says why.
echo 'this does not compile' >>"$scratch/tests/graded/lab01_pipe.cpp"
echo stale >"$results"
out=$(scratch_make check LAB=01 2>&1)
status=$?
[ $status -ne 0 ] && grep -q '"score": 0' "$results" && grep -q 'did not build' "$results" \
    && echo "ok:   graded tests that do not build: make check fails and results.json says so" \
    || fail "graded tests that do not build -> status $status, results.json: $(head -c 300 "$results")"
[ $fails -eq 0 ]
