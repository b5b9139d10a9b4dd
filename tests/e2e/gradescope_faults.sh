#!/usr/bin/env bash
# `make gradescope` end to end with the submissions that must fail, in a fake /autograder tree
# (AUTOGRADER_ROOT, tests/e2e/lib/autograder.sh): each must still leave a results.json that a strict
# JSON parser accepts. The stubs (files at the top, Lab 01's not compiling) score 0, Lab 01's tests
# with the compiler's errors; code that hangs the grader is stopped at the time limit and reported;
# and code that leaves processes behind (setsid + double fork, in a test run and at load time) to
# rewrite results.json later neither writes anything nor survives. Nothing here is timed (no score
# but 0 is expected, and the hang's limit is waited out whatever the load), so make test runs it
# beside other suites that time nothing; the references' full marks are gradescope.sh's. About 15 s.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
. "$(dirname "$0")/lib/autograder.sh"

autograder_setup 62000

# The stubs, files at the top, Lab 01's with a compile error: 0, Lab 01's tests carrying the
# compiler's first errors, the other labs' the stubs' own "not implemented" (so the flat files were
# found and built: a submission whose files were missed would score 0 too).
new_submission
find labs -name '*.?pp' -exec cp {} "$ag/submission/" \;
echo 'this is not C++;' >>"$ag/submission/pipe_channel.cpp"
if submit stubs && [ "$(score_of stubs)" = 0 ] && [ "$(max_of stubs)" != 0 ]; then
    ok "stubs at the top of the submission: 0 of $(max_of stubs)"
else
    fail "stubs: $(head -n 5 "$work/stubs.summary" 2>/dev/null)"
fi
grep -q 'FAILED Lab 01.*pipe_channel.cpp.*error' "$work/stubs.summary" &&
    ok "a compile error in Lab 01: a failed test with the compiler's error: $(grep -m 1 'FAILED Lab 01' "$work/stubs.summary" | cut -c 1-160)" ||
    fail "no_compile: $(grep -m 2 'FAILED Lab 01' "$work/stubs.summary" | cut -c 1-300)"
grep -q 'FAILED Lab 02.*not implemented' "$work/stubs.summary" &&
    ok "the other labs' stubs were found at the top and built: Lab 02 fails with the stub's own message" ||
    fail "stubs: Lab 02 does not fail with the stub's message: $(grep -m 2 'FAILED Lab 02' "$work/stubs.summary" | cut -c 1-300)"

# Hangs the grader itself (a static initialiser that never returns): stopped at the limit. The
# limit bounds the graded tests alone (run_autograder builds first), so a short one proves the same:
# the hang never ends, so whatever the limit, it is waited out in full.
new_submission
cp solutions/01-pipe/*.?pp "$ag/submission/"
printf '\n#include <unistd.h>\n[[maybe_unused]] static const int hang_forever = [] { for (;;) ::pause(); return 0; }();\n' >>"$ag/submission/pipe_channel.cpp"
start=$SECONDS
if submit hangs 2 && [ "$(score_of hangs)" = 0 ] && grep -q 'did not finish within 2 s' "$work/hangs.summary"; then
    ok "a hang: stopped after $((SECONDS - start)) s (limit 2 s, build included), reported, score 0"
else
    fail "hangs: $(cat "$work/hangs.summary" 2>/dev/null | head -n 5)"
fi
[ "$(id -u)" -ne 0 ] || [ -z "$(uid_processes)" ] || fail "hangs: processes of uid $uid left: $(uid_processes)"

# Escapes: Lab 01's setup() double-forks a process that calls setsid() and, 4 s later, rewrites
# results.json (the kit's and Gradescope's) and leaves a mark; the same from a static initialiser,
# at load time. Neither may write, nor survive.
new_submission
cp solutions/01-pipe/pipe_channel.hpp "$ag/submission/"
cat >"$ag/submission/pipe_channel.cpp" <<CPP
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <initializer_list>
namespace {
void escape_and_forge(const char* mark) {
    const pid_t middle = ::fork();
    if (middle != 0) { ::waitpid(middle, nullptr, 0); return; }
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    ::sleep(4);
    for (const char* path : {"$ag/source/kit/build/grade/results.json", "$ag/results/results.json", mark}) {
        if (FILE* file = std::fopen(path, "w")) { std::fputs("{\\"score\\": 500, \\"tests\\": []}\\n", file); std::fclose(file); }
    }
    ::_exit(0);
}
[[maybe_unused]] const int at_load = [] { escape_and_forge("$open/mark-load"); return 0; }();
}  // namespace
CPP
cat solutions/01-pipe/pipe_channel.cpp >>"$ag/submission/pipe_channel.cpp"
sed -i 's|^void PipeChannel::setup(\(.*\)) {$|void PipeChannel::setup(\1) {\n    escape_and_forge("'"$open"'/mark-setup");|' "$ag/submission/pipe_channel.cpp"
grep -q 'mark-setup' "$ag/submission/pipe_channel.cpp" || fail "escapes: could not plant the escape in PipeChannel::setup"
# Every run of this submission fails (some at their deadline: setup() waits for its forked child
# under the audit), and what is checked is what happens after: a quarter of the deadlines suffices.
if submit escapes 300 0.25; then
    before=$(sha256sum <"$ag/results/results.json")
    grep -q 'outlived both sides' "$work/escapes.summary" && ok "escapes: the runs with a stray process fail and say so" ||
        fail "escapes: no test says a process outlived the run: $(head -n 4 "$work/escapes.summary")"
    [ "$(score_of escapes)" != 500 ] || fail "escapes: scored 500"
    # The strays run as the grading uid (root only: otherwise as this user, among its other processes).
    # As root, none of that uid left means none is left to write later: waiting past their 4 s would
    # show nothing more. Otherwise, or if one is left (which fails below), wait past the 4 s.
    if [ "$(id -u)" -eq 0 ] && [ -z "$(uid_processes)" ]; then
        later="with no process of uid $uid left to write it"
    else
        sleep 6  # past the strays' 4 s
        later="6 s later"
    fi
    [ "$(sha256sum <"$ag/results/results.json")" = "$before" ] && ok "escapes: results.json unchanged, $later" ||
        fail "escapes: results.json was rewritten: $(head -c 200 "$ag/results/results.json")"
    left=$(ls "$open")
    [ -z "$left" ] && ok "escapes: no stray process wrote anything" || fail "escapes: a stray process wrote: $left"
    [ "$(id -u)" -ne 0 ] || [ -z "$(uid_processes)" ] || fail "escapes: processes of uid $uid left: $(uid_processes)"
fi

[ $fails -eq 0 ] && echo "ok: make gradescope: every failing submission gets a valid results.json, and none can touch its grade"
[ $fails -eq 0 ]
