# Sourced by the end-to-end scripts that edit labs/: scratch_copy BUILD makes a copy of the kit's
# sources and of BUILD (without the mutants) in a temporary directory, $scratch, so that the real
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
    tar -C "$build" --exclude='./mutant-*' --exclude='./obj/mutant-*' --exclude=./test-logs --exclude=./docs \
        --exclude=./grade -cf - . | tar -C "$scratch/$build" -xf -
    scratch_build=$build
}
scratch_make() {
    local san=()
    [[ $scratch_build == */san ]] && san=(SAN=1)
    make -C "$scratch" --no-print-directory "${san[@]}" "$@"
}
