#!/usr/bin/env bash
# Writes OUT_DIR/autograder.zip for a Gradescope programming assignment: setup.sh and run_autograder
# at the root of the archive (as Gradescope's specification asks), grade-as-student beside them, and
# kit/: the student release (no solutions, no mutants: the student's code runs in that container,
# and could print whatever it can read there into its test output).
# Usage: lib/packaging/make-gradescope.sh RELEASE_DIR OUT_DIR   (from `make gradescope`)
set -euo pipefail
release=${1:?usage: make-gradescope.sh RELEASE_DIR OUT_DIR}
out=${2:?usage: make-gradescope.sh RELEASE_DIR OUT_DIR}
cd "$(dirname "$0")/../.."
command -v zip >/dev/null || { echo "make gradescope: zip is not installed (make deps)" >&2; exit 1; }
[ -f "$release/Makefile" ] || { echo "make gradescope: no release in $release (make release)" >&2; exit 1; }

stage=$out/autograder
rm -rf "$stage" "$out/autograder.zip"
mkdir -p "$stage/kit"
# The release as written, without any build/ made in it (by a test of the release, say).
tar -C "$release" --exclude=./build -cf - . | tar -C "$stage/kit" -xf -
install -m 755 lib/packaging/gradescope/setup.sh lib/packaging/gradescope/run_autograder \
    lib/packaging/gradescope/grade-as-student "$stage/"
(cd "$stage" && zip -qr ../autograder.zip .)
echo "make gradescope: $out/autograder.zip ($(unzip -Z1 "$out/autograder.zip" | wc -l) entries): setup.sh, run_autograder, grade-as-student, kit/"
