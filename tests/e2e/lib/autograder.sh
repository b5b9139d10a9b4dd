# Sourced by the end-to-end scripts of `make gradescope` (gradescope.sh, gradescope_faults.sh), from
# the kit's top with $build set to the suite's BUILD_DIR (it sources checks.sh and requires the
# tools these scripts use, so that a missing one fails in one line): a fake /autograder tree (AUTOGRADER_ROOT)
# in a temporary directory, $ag, with the kit built from autograder.zip by its own setup.sh, and
# submit to grade $ag/submission there as Gradescope would.
#   autograder_setup UID_BASE: $work, $ag and $open (where a submission's stray processes would
#     leave a mark; anyone may write); the grading uid, $uid, is UID_BASE plus this shell's pid
#     modulo 1000, so that two scripts never share one (each ends every process of its uid); then
#     `make gradescope`, the zip's layout checked (setup.sh and run_autograder at its root, the kit
#     under kit/, no solutions or mutants), the zip unpacked and setup.sh run. Exits on a failure.
. "$(dirname "$0")/lib/checks.sh"
. "$(dirname "$0")/lib/require.sh"
require_tools python3 unzip setpriv timeout
. "$(dirname "$0")/lib/seed_objects.sh"

uid_processes() {
    for p in /proc/[0-9]*; do [ "$(awk '/^Uid:/ { print $2 }' "$p/status" 2>/dev/null)" = "$uid" ] && echo "${p#/proc/}"; done
}
autograder_cleanup() {
    [ "$(id -u)" -eq 0 ] && setpriv --reuid="$uid" --regid="$uid" --clear-groups sh -c 'kill -9 -1' 2>/dev/null
    rm -rf "$work"
}
autograder_setup() {
    work=$(mktemp -d)
    chmod 755 "$work"  # the grading uid must reach the kit inside
    uid=$(($1 + $$ % 1000))
    trap autograder_cleanup EXIT
    ag=$work/autograder
    open=$work/open
    mkdir -p "$ag/source" "$open" && chmod 1777 "$open"
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
    local entries
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
}

# new_submission [FOLDER]: an empty $ag/submission (with FOLDER inside it) for the next submit.
new_submission() { rm -rf "$ag/submission" && mkdir -p "$ag/submission/${1:-}"; }

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
