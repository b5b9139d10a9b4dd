#!/usr/bin/env bash
# Writes the student release: the kit without what reveals or needs the references — solutions/,
# tests/mutants/ (patches of the references), tests/alternatives/ (other correct solutions), the grader's self-test keys, the unit tests that run
# the references, the end-to-end and stress scripts (they run the references too), CI and this
# packaging — with the student's README in place of the instructors', and the benchmark's raw
# shared-memory ping-pong (the reference's Lab 04 protocol) replaced by a stand-in that says so. Then checks it reveals no
# reference (check-release.sh) and packs it.
# Usage: lib/packaging/make-release.sh RELEASE_DIR TARBALL   (from `make release`)
set -euo pipefail
release=${1:?usage: make-release.sh RELEASE_DIR TARBALL}
tarball=${2:?usage: make-release.sh RELEASE_DIR TARBALL}
cd "$(dirname "$0")/../.."

# The kit's files as they are in this working tree: git's list when there is one (so that build
# output and editor droppings stay out), every file outside build/ otherwise.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files --cached --others --exclude-standard)
else
    files=$(find . -path ./build -prune -o -path ./.git -prune -o -type f -print | sed 's|^\./||')
fi

# Unit tests that run the references (they link the linked-in implementation, ipcviz_new_channel)
# or hold a channel of their own (a working send/receive loop is a lab's answer), directly or
# through a header of their own.
reference_headers=$(grep -lE 'ipcviz_new_channel|public Channel\b' tests/unit/*.hpp 2>/dev/null || true)
reference_tests=$(grep -lE 'ipcviz_new_channel|public Channel\b' tests/unit/*.cpp 2>/dev/null || true)
for header in $reference_headers; do
    reference_tests+=$'\n'$(grep -l "#include \"$(basename "$header")\"" tests/unit/*.cpp || true)
done

left_out() {
    case $1 in
        tests/e2e/lib/*) return 1 ;;  # the suite's helpers (require_tools), which tests/run-all uses too
        solutions/* | tests/mutants/* | tests/alternatives/* | tests/e2e/* | tests/stress/* | .ci/* | lib/packaging/*) return 0 ;;
        tests/graded/stubs-expected-failures.txt | docs/capture-screens.sh | README.md) return 0 ;;
    esac
    grep -qxF -- "$1" <<<"$reference_headers"$'\n'"$reference_tests"
}

rm -rf "$release"
mkdir -p "$release"
kept=0
while IFS= read -r file; do
    [ -f "$file" ] || continue  # listed by git but deleted in the working tree
    left_out "$file" && continue
    cp --parents -p -- "$file" "$release/"
    kept=$((kept + 1))
done <<<"$files"
cp lib/packaging/student-README.md "$release/README.md"
# Files the release carries in another form (lib/packaging/release/ mirrors their paths' names).
cp lib/packaging/release/raw_shm.cpp "$release/lib/bench/raw/raw_shm.cpp"

lib/packaging/check-release.sh "$release"
mkdir -p "$(dirname "$tarball")"
tar -C "$(dirname "$release")" --transform "s|^$(basename "$release")|ipcviz|" -czf "$tarball" "$(basename "$release")"
echo "make release: $release ($((kept + 1)) files; left out: solutions/, tests/mutants/, tests/alternatives/, tests/e2e/ (but its lib/), tests/stress/," \
     "$(wc -w <<<"$reference_tests $reference_headers") unit-test files that run the references or hold a channel of their own) and $tarball"
