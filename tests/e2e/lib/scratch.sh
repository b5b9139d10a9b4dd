# Sourced by the end-to-end scripts that edit labs/: scratch_copy BUILD makes a copy of the kit's
# sources and of BUILD (what a check of the labs uses) in a temporary directory, $scratch, so that the real
# labs/ and build/ are never touched; scratch_make runs make there as BUILD was built (SAN=1 for
# build/san). The copy keeps file times, so make rebuilds only what the script changes.
scratch_copy() {
    local build=$1
    case $build in /*) echo "scratch_copy: give the build directory relative to the kit (build, build/san)"; exit 1 ;; esac
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/kit-scratch.XXXXXX")  # not ipcviz-*: run-all counts those as leftovers
    trap 'rm -rf "$scratch"' EXIT
    local part
    for part in Makefile README.md lib labs solutions tests docs; do
        [ ! -e "$part" ] || cp -a "$part" "$scratch"/
    done
    mkdir -p "$scratch/$build"
    # Only what `make check` and `make view` of the labs use: not the mutants, the alternatives or the
    # unit tests (their builds under ASan and UBSan in san/ too: about half of build/, copied and
    # removed again by each script for nothing), nor the release, the autograder or the test logs.
    local skip=('mutant-*' 'obj/mutant-*' 'alternative-*' 'obj/alternative-*' unit-tests obj/tests/unit mutant-src
                test-logs docs grade release gradescope ipcviz-student.tar.gz)
    local excludes=()
    for part in "${skip[@]}"; do excludes+=(--exclude="./$part" --exclude="./san/$part"); done
    tar -C "$build" "${excludes[@]}" -cf - . | tar -C "$scratch/$build" -xf -
    scratch_build=$build
}
scratch_make() {
    local san=()
    [[ $scratch_build == */san ]] && san=(SAN=1)
    make -C "$scratch" --no-print-directory "${san[@]}" "$@"
}
