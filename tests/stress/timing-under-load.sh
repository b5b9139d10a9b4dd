#!/usr/bin/env bash
# Runs the graded tests whose outcome depends on timing many times on the reference solutions while
# another process keeps one core busy, and counts how often each failed. Not part of `make test`
# (it takes minutes); run it after changing a timing test or its margins:
#   tests/stress/timing-under-load.sh [RUNS] [BUILD_DIR]
set -uo pipefail
runs=${1:-30}
build=${2:-build}
cd "$(dirname "$0")/../.."
tests=(
    "with TCP_NODELAY a message sent in two parts does not wait for a delayed ACK"
    "one TCP segment each way per message in a round trip"
    "a reader waiting for a slow writer sleeps on the futex and is woken by the writer"
    "a writer waiting for a slow reader sleeps on the futex and is woken by the reader"
    "with one usable CPU a waiting side sleeps at once instead of spinning"
    "no syscall and no kernel copy per message while the peer keeps up"
    "every message is copied with mem::copy and published with a release store that an acquire load sees"
    "[lab05]"  # its name has commas, which a test spec reads as "or"
)
# The load: one process spinning on a core for as long as this script runs.
timeout 7200 bash -c "while :; do :; done" &  # timeout: at most 2 h even if this script is killed
spinner=$!
trap 'kill $spinner 2>/dev/null' EXIT
echo "load: pid $spinner spinning; $(nproc) cores; $runs runs of each test"
for test in "${tests[@]}"; do
    failed=0
    for _ in $(seq "$runs"); do
        "$build/solutions/graded-tests" "$test" >/tmp/timing-under-load.log 2>&1 || {
            failed=$((failed + 1))
            grep -m3 -E "actual|expected" /tmp/timing-under-load.log | sed 's/^/    /'
        }
    done
    printf '%3d of %3d failed  %s\n' "$failed" "$runs" "$test"
done
