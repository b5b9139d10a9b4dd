#!/usr/bin/env bash
# `make gradescope` end to end, in a fake /autograder tree (AUTOGRADER_ROOT, tests/e2e/lib/autograder.sh):
# setup.sh builds the kit from autograder.zip, then run_autograder grades the references, in a
# wrapping folder, and must leave a results.json that a strict JSON parser accepts, with full marks.
# As root the graded tests run as an unprivileged uid, which must not be able to write the kit or
# the results; not as root, that part is skipped, and said so. The submissions that must fail (the
# stubs, a compile error, a hang, stray processes) are gradescope_faults.sh's: they time nothing and
# run beside other such suites, while this one grades the references' timed tests, alone. About 20 s.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
. "$(dirname "$0")/lib/autograder.sh"

autograder_setup 60000

# The references, under a wrapping folder with the labs/ layout: full marks.
new_submission my-work/labs
cp -r solutions/. "$ag/submission/my-work/labs/"
if submit references && [ "$(score_of references)" = "$(max_of references)" ] && [ "$(max_of references)" != 0 ]; then
    ok "references in a wrapping folder: $(score_of references) of $(max_of references)"
else
    fail "references: $(head -n 5 "$work/references.summary" 2>/dev/null)"
fi

# What the grading uid may touch (root only): not the kit, not the test binaries, not the results.
if [ "$(id -u)" -eq 0 ]; then
    as_uid() { setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"; }
    for target in "$ag/source/kit/Makefile" "$ag/source/kit/build/labs/graded-tests" "$ag/results/results.json" \
        "$ag/source/kit/labs/01-pipe/pipe_channel.cpp"; do
        if as_uid sh -c ': >>"$1"' sh "$target" 2>/dev/null; then fail "uid $uid can write $target"; fi
    done
    as_uid sh -c ': >"$1/new"' sh "$ag/results" 2>/dev/null && fail "uid $uid can create files in the results directory"
    as_uid sh -c ': >"$1/new"' sh "$ag/source/kit/build/labs" 2>/dev/null && fail "uid $uid can create files beside the test binaries"
    [ $fails -eq 0 ] && ok "the grading uid $uid cannot write the kit, the test binaries or the results"
fi

[ $fails -eq 0 ] && echo "ok: make gradescope: the references score full marks through run_autograder, and the grading uid cannot touch the grade"
[ $fails -eq 0 ]
