#!/usr/bin/env bash
# The memory-error tests on a kernel that randomises mmap with 32 bits (vm.mmap_rnd_bits = 32, as on
# Ubuntu 23.10 and later, and so in a Debian container on such a host), where GCC 12's AddressSanitizer
# loops at start-up printing only "AddressSanitizer:DEADLYSIGNAL". Runs the four memory-error tests of
# the references twice: as they are, and under Docker's default seccomp profile
# (tests/stress/docker-seccomp.py: personality(ADDR_NO_RANDOMIZE) refused). Both must pass: the grader
# turns randomisation off for the sanitized runner, and the runner is not a PIE (its fixed base cannot
# land in ASan's allocator range), which holds where personality() is refused.
# Not part of `make test`: it changes a machine-wide sysctl (every ASan program started meanwhile on the
# machine may hang). Each window at 32 bits lasts one condition (about 10 s); the previous value is
# restored after it, and on any exit. Needs root and a kernel that accepts 32 (x86-64: its maximum);
# otherwise it says SKIP in one line and exits 77.
# Usage: tests/stress/asan-aslr.sh [BUILD_DIR]
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
. tests/e2e/lib/require.sh
require_tools sysctl python3
tests=$build/solutions/graded-tests
[ -x "$tests" ] || { echo "asan-aslr: $tests is missing (make test builds it)" >&2; exit 2; }
knob=/proc/sys/vm/mmap_rnd_bits
[ -r $knob ] || { echo "SKIP: $knob does not exist (no mmap randomisation to set on this kernel)"; exit 77; }
before=$(cat $knob)
[ "$(id -u)" -eq 0 ] && [ -w $knob ] || { echo "SKIP: vm.mmap_rnd_bits cannot be set here (root and a writable $knob needed; it is $before)"; exit 77; }
restore() { [ "$(cat $knob)" = "$before" ] || sysctl -q -w vm.mmap_rnd_bits="$before"; }
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

memory_tests='*no memory error*'
failed=0
for condition in plain container-seccomp; do
    wrap=()
    [ $condition = container-seccomp ] && wrap=(python3 tests/stress/docker-seccomp.py)
    if ! sysctl -q -w vm.mmap_rnd_bits=32 2>/dev/null; then
        echo "SKIP: this kernel refuses vm.mmap_rnd_bits=32 (its range ends lower; it stays $before)"
        exit 77
    fi
    start=$(date +%s.%N)
    out=$("${wrap[@]}" "$tests" "$memory_tests" 2>&1)
    status=$?
    restore
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    if [ $status -eq 0 ] && grep -Eq "Total +40 / 40 points" <<<"$out"; then
        printf 'ok    %-18s the four memory-error tests passed at 32 bits (%.1f s)\n' $condition "$seconds"
    else
        printf 'FAIL  %-18s status %d at 32 bits (%.1f s):\n' $condition $status "$seconds"
        grep -E "^FAIL|actual:|Total" <<<"$out" | cut -c1-400 | head -20 | sed 's/^/      /'
        failed=1
    fi
done
exit $failed
