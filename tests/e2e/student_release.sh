#!/usr/bin/env bash
# `make release` and the student release it writes: it reveals no reference (no solutions/, no
# mutants, no answer keys, no reference line — and the check that says so does catch a planted
# reference), its README is the student's, and in it `make check` grades (0 for the stubs, a line
# per lab), `make test` passes, `make demo` without a terminal says the reference demos are not
# included. About 1 minute (objects the suite's build compiled are reused).
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
. "$(dirname "$0")/lib/checks.sh"
release=build/release
. "$(dirname "$0")/lib/seed_objects.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if submake release >"$work/release.log" 2>&1; then ok "make release"; else fail "make release: $(tail -n 20 "$work/release.log")"; fi
listing=$(tar -tzf build/ipcviz-student.tar.gz 2>&1)
grep -qx 'ipcviz/labs/01-pipe/pipe_channel.cpp' <<<"$listing" && ! grep -q '^ipcviz/solutions/' <<<"$listing" &&
    ok "the tarball holds the release under ipcviz/ and no solutions/" || fail "tarball build/ipcviz-student.tar.gz"

# Nothing that reveals a reference, and the check fails when something does.
if out=$(lib/packaging/check-release.sh "$release"); then ok "$out"; else fail "check-release: $out"; fi
for gone in solutions tests/mutants tests/alternatives tests/graded/stubs-expected-failures.txt; do
    [ ! -e "$release/$gone" ] || fail "$gone is in the release"
done
[ -z "$(find "$release" -name '*.patch' -o -name 'expected-failures.txt')" ] || fail "a mutant or an answer key is in the release"
cp -r "$release" "$work/planted"
cp solutions/04-shared-memory/shm_channel.cpp "$work/planted/labs/04-shared-memory/shm_channel.cpp"
if out=$(lib/packaging/check-release.sh "$work/planted"); then
    fail "check-release did not see a reference planted in labs/04-shared-memory: $out"
else
    grep -q 'labs/04-shared-memory/shm_channel.cpp holds' <<<"$out" && ok "check-release catches a planted reference" ||
        fail "check-release failed for another reason: $out"
fi
# An alternative solution (tests/alternatives/) is a lab's answer too: planted in labs/, it is seen.
alternative=$(find tests/alternatives -name shm_channel.cpp 2>/dev/null | head -n 1)
if [ -n "$alternative" ]; then
    rm -rf "$work/planted" && cp -r "$release" "$work/planted"
    cp "$alternative" "$work/planted/labs/04-shared-memory/shm_channel.cpp"
    if out=$(lib/packaging/check-release.sh "$work/planted"); then
        fail "check-release did not see $alternative planted in labs/04-shared-memory: $out"
    else
        grep -q 'labs/04-shared-memory/shm_channel.cpp holds' <<<"$out" && ok "check-release catches a planted alternative solution" ||
            fail "check-release failed for another reason: $out"
    fi
else
    fail "no tests/alternatives/*/shm_channel.cpp to plant: update this test"
fi

# The student's README.
grep -q '^## The labs' "$release/README.md" && ! grep -qi 'for instructors\|solutions/' "$release/README.md" &&
    ok "the README is the student's" || fail "README.md in the release is not the student's"

# In the release: grade, test, demo.
seed_objects "$release"
cd "$release" || exit 1
submake -j2 check >"$work/check.log" 2>&1
status=$?
if [ $status -ne 0 ] && grep -qE 'Total +0 / [1-9][0-9]* points' "$work/check.log" &&
    [ "$(grep -cE '^ *Lab 0[1-5] +0 / [0-9]+ points' "$work/check.log")" -eq 5 ] && [ -s build/grade/results.json ]; then
    ok "make check in the release: exit $status, 0 points, one line per lab, results.json written"
else
    fail "make check in the release (exit $status): $(tail -n 25 "$work/check.log")"
fi
if submake -j2 test >"$work/test.log" 2>&1 && grep -qE '^[0-9]+ passed, 0 failed$' "$work/test.log"; then
    ok "make test in the release: $(tail -n 1 "$work/test.log")"
else
    fail "make test in the release: $(tail -n 30 "$work/test.log")"
fi
grep -qE 'ok +unit tests' "$work/test.log" || fail "make test in the release ran no unit tests"
if out=$(submake demo </dev/null 2>&1) && grep -q 'reference demos are not part of this copy' <<<"$out"; then
    ok "make demo </dev/null in the release says the reference demos are not included"
else
    fail "make demo </dev/null in the release: $out"
fi
cd - >/dev/null || exit 1

[ $fails -eq 0 ] && echo "ok: the student release reveals no reference and grades, tests and demos"
[ $fails -eq 0 ]
