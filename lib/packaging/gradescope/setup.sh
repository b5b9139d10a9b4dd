#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu 22.04 by
# default), in /autograder/source where autograder.zip was unpacked. It installs the packages the kit
# lists (make deps), a g++ 12 where the system's is older, and builds the kit once, so that grading
# a submission compiles only the lab files. AUTOGRADER_ROOT stands for /autograder in tests.
set -euo pipefail
source_dir=${AUTOGRADER_ROOT:-/autograder}/source
kit=$source_dir/kit
export DEBIAN_FRONTEND=noninteractive

# Ubuntu 22.04's g++ is 11; the kit is C++20 as g++ 12 compiles it (Ubuntu 22.04 ships g++-12 too).
compiler=g++
if ! command -v g++ >/dev/null || [ "$(g++ -dumpversion | cut -d. -f1)" -lt 12 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends g++-12 make >/dev/null
    compiler=g++-12
fi
command -v make >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends make >/dev/null; }
# setpriv (util-linux) switches to the unprivileged user; timeout is coreutils: both are essential
# packages on Debian and Ubuntu, checked here so that a missing one fails the image, not a grade.
for tool in setpriv timeout; do
    command -v "$tool" >/dev/null || { echo "setup.sh: $tool is missing (util-linux, coreutils)" >&2; exit 1; }
done
make -C "$kit" deps
echo "$compiler" >"$source_dir/compiler"
make -C "$kit" --no-print-directory -j"$(nproc)" CXX="$compiler" all
# The kit and its build belong to root and nobody else may write them: the student's code runs as
# another user (run_autograder) and must not touch the kit, the test binaries or the results.
chown -R 0:0 "$source_dir"
chmod -R go-w,a+rX "$source_dir"
echo "setup.sh: the kit is built with $compiler in $kit"
