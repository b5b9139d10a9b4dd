#!/usr/bin/env bash
# `make gradescope` end to end, in a fake /autograder tree (AUTOGRADER_ROOT): setup.sh builds the kit
# from autograder.zip, then run_autograder grades five submissions and must always leave a
# results.json that a strict JSON parser accepts: the references (in a wrapping folder) score full
# marks; the stubs (files at the top, Lab 01's not compiling) score 0, Lab 01's tests with the
# compiler's errors; code that hangs the grader is stopped at the time limit and
# reported; and code that leaves processes behind (setsid + double fork, in a test run and at load
# time) to rewrite results.json later neither writes anything nor survives. As root the graded tests
# run as an unprivileged uid, which must not be able to write the kit or the results; not as root,
# that part is skipped, and said so. About 40 s.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
. "$(dirname "$0")/lib/checks.sh"
. "$(dirname "$0")/lib/require.sh"
require_tools python3 unzip setpriv timeout

work=$(mktemp -d)
chmod 755 "$work"  # the grading uid must reach the kit inside
uid=$((60000 + $$ % 5000))
cleanup() {
    [ "$(id -u)" -eq 0 ] && setpriv --reuid="$uid" --regid="$uid" --clear-groups sh -c 'kill -9 -1' 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
ag=$work/autograder
open=$work/open  # where the submissions' stray processes would leave a mark (anyone may write)
mkdir -p "$ag/source" "$open" && chmod 1777 "$open"
# seed_objects DIR: copies the objects this suite's build already compiled (same sources, same flags)
# into DIR/build/obj, so that the copy compiles only what differs from them (the labs' files, the
# release's stand-ins: newer sources) instead of the whole kit again. Not when this suite runs on a
# SAN=1 build (BUILD_DIR build/san), whose flags differ from the copy's normal build.
seed_objects() {
    [ "$build" = build ] && [ -d build/obj/lib ] || return 0
    mkdir -p "$1/build/obj/tests"
    cp -a build/obj/lib build/obj/labs "$1/build/obj/"
    cp -a build/obj/tests/graded build/obj/tests/unit "$1/build/obj/tests/"
    # and the sanitizer pass's own build (build/san: the kit's library, its runner and the labs'
    # glue under ASan and UBSan, made by the same Makefile with the same flags in the copy)
    if [ -d build/san/obj/lib ]; then
        mkdir -p "$1/build/san/obj"
        cp -a build/san/obj/lib "$1/build/san/obj/"
        [ -d build/san/obj/labs ] && cp -a build/san/obj/labs "$1/build/san/obj/"
    fi
    return 0
}
uid_processes() {
    for p in /proc/[0-9]*; do [ "$(awk '/^Uid:/ { print $2 }' "$p/status" 2>/dev/null)" = "$uid" ] && echo "${p#/proc/}"; done
}
if [ "$(id -u)" -eq 0 ]; then
    [ -z "$(uid_processes)" ] || { echo "FAIL: uid $uid already has processes; cannot use it"; exit 1; }
else
    echo "note: not root: run_autograder cannot switch to an unprivileged user; that part is not checked"
fi

if submake gradescope >"$work/make.log" 2>&1 && [ -s build/gradescope/autograder.zip ]; then
    ok "make gradescope: $(tail -n 1 "$work/make.log")"
else
    fail "make gradescope: $(tail -n 20 "$work/make.log")"; exit 1
fi
entries=$(unzip -Z1 build/gradescope/autograder.zip 2>&1)
grep -qx 'setup.sh' <<<"$entries" && grep -qx 'run_autograder' <<<"$entries" && grep -qx 'kit/labs/01-pipe/pipe_channel.cpp' <<<"$entries" &&
    ok "setup.sh and run_autograder at the root of the zip, the kit under kit/" || fail "the zip's layout: $(head -n 5 <<<"$entries")"
grep -q '^kit/solutions/\|^kit/tests/mutants/' <<<"$entries" && fail "the zip holds solutions or mutants"
unzip -q build/gradescope/autograder.zip -d "$ag/source"
seed_objects "$ag/source/kit"
if AUTOGRADER_ROOT=$ag bash "$ag/source/setup.sh" >"$work/setup.log" 2>&1; then
    ok "setup.sh built the kit"
else
    fail "setup.sh: $(tail -n 30 "$work/setup.log")"; exit 1
fi

# submit NAME [LIMIT_S [TIMEOUT_SCALE]]: grades $ag/submission (the graded tests stopped after LIMIT_S,
# each run's deadline times TIMEOUT_SCALE); the results' summary in $work/NAME.summary ("score max
# tests names…").
submit() {
    local name=$1
    rm -rf "$ag/results"
    mkdir -p "$ag/results"
    AUTOGRADER_ROOT=$ag IPCVIZ_GRADE_UID=$uid IPCVIZ_GRADE_TIMEOUT=${2:-300} \
        IPCVIZ_TIMEOUT_SCALE=${3:-${IPCVIZ_TIMEOUT_SCALE:-1}} \
        "$ag/source/run_autograder" >"$work/$name.log" 2>&1
    if [ ! -s "$ag/results/results.json" ]; then
        fail "$name: no results.json; $(tail -n 20 "$work/$name.log")"; return 1
    fi
    # Strict: UTF-8, no NaN, every field as Gradescope reads it.
    python3 - "$ag/results/results.json" >"$work/$name.summary" 2>&1 <<'PY' || { fail "$name: results.json: $(cat "$work/$name.summary")"; return 1; }
import json, sys
def no_constants(name): raise ValueError("not JSON: " + name)
with open(sys.argv[1], encoding="utf-8", errors="strict") as f:
    doc = json.load(f, parse_constant=no_constants)
tests = doc.get("tests", [])
score = doc["score"] if "score" in doc else sum(t.get("score", 0) for t in tests)
assert all(isinstance(t.get("name"), str) and t.get("status") in ("passed", "failed") for t in tests), "a test without name/status"
print(score, sum(t.get("max_score", 0) for t in tests), len(tests))
for t in tests:
    if t.get("status") == "failed": print("FAILED", t["name"], "|", (t.get("output") or "").replace("\n", " ")[:300])
print("OUTPUT", (doc.get("output") or "").replace("\n", " ")[:600])
PY
}
score_of() { head -n 1 "$work/$1.summary" | cut -d' ' -f1; }
max_of() { head -n 1 "$work/$1.summary" | cut -d' ' -f2; }

# 1. The references, under a wrapping folder with the labs/ layout: full marks.
rm -rf "$ag/submission" && mkdir -p "$ag/submission/my-work/labs"
cp -r solutions/. "$ag/submission/my-work/labs/"
if submit references && [ "$(score_of references)" = "$(max_of references)" ] && [ "$(max_of references)" != 0 ]; then
    ok "references in a wrapping folder: $(score_of references) of $(max_of references)"
else
    fail "references: $(head -n 5 "$work/references.summary" 2>/dev/null)"
fi

# 2. The stubs, files at the top, Lab 01's with a compile error: 0, Lab 01's tests carrying the
# compiler's first errors, the other labs' the stubs' own "not implemented" (so the flat files were
# found and built: a submission whose files were missed would score 0 too).
rm -rf "$ag/submission" && mkdir -p "$ag/submission"
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

# 4. Hangs the grader itself (a static initialiser that never returns): stopped at the limit. The
# limit bounds the graded tests alone (run_autograder builds first), so a short one proves the same:
# the hang never ends, so whatever the limit, it is waited out in full.
rm -rf "$ag/submission" && mkdir -p "$ag/submission"
cp solutions/01-pipe/*.?pp "$ag/submission/"
printf '\n#include <unistd.h>\n[[maybe_unused]] static const int hang_forever = [] { for (;;) ::pause(); return 0; }();\n' >>"$ag/submission/pipe_channel.cpp"
start=$SECONDS
if submit hangs 2 && [ "$(score_of hangs)" = 0 ] && grep -q 'did not finish within 2 s' "$work/hangs.summary"; then
    ok "a hang: stopped after $((SECONDS - start)) s (limit 2 s, build included), reported, score 0"
else
    fail "hangs: $(cat "$work/hangs.summary" 2>/dev/null | head -n 5)"
fi
[ "$(id -u)" -ne 0 ] || [ -z "$(uid_processes)" ] || fail "hangs: processes of uid $uid left: $(uid_processes)"

# 5. Escapes: Lab 01's setup() double-forks a process that calls setsid() and, 4 s later, rewrites
# results.json (the kit's and Gradescope's) and leaves a mark; the same from a static initialiser,
# at load time. Neither may write, nor survive.
rm -rf "$ag/submission" && mkdir -p "$ag/submission"
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

# 6. What the grading uid may touch (root only): not the kit, not the test binaries, not the results.
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

[ $fails -eq 0 ] && echo "ok: make gradescope: every submission gets a valid results.json, and none can touch its grade"
[ $fails -eq 0 ]
