#!/usr/bin/env bash
# Checks that a student release reveals no reference: no solutions/, no mutants (each is a patch of
# a reference file), no alternative solutions (tests/alternatives/), no answer keys (expected-failures lists), and no line of a reference
# implementation that the labs' stubs do not already show. Run from the instructors' copy (it reads
# solutions/ and labs/ there). Usage: lib/packaging/check-release.sh RELEASE_DIR
# Prints each problem found and exits 1; exits 0 and prints one line when the release is clean.
set -uo pipefail
release=${1:?usage: check-release.sh RELEASE_DIR}
cd "$(dirname "$0")/../.."
[ -d "$release" ] || { echo "check-release: $release is not a directory" >&2; exit 2; }
[ -d solutions ] || { echo "check-release: needs solutions/ to compare with (the instructors' copy)" >&2; exit 2; }
problems=0
problem() { echo "reveals a reference: $*"; problems=$((problems + 1)); }

for path in solutions tests/mutants tests/alternatives; do
    [ -e "$release/$path" ] && problem "$path/ is there"
done
while IFS= read -r found; do
    problem "${found#"$release"/} is there"
done < <(find "$release" \( -name '*.patch' -o -name 'expected-failures.txt' -o -name 'graded-lab' \
    -o -name 'timeout-scale' -o -name 'stubs-expected-failures.txt' \) 2>/dev/null)

# The references' own lines: each line of solutions/ (trimmed, 20+ characters, not a preprocessor
# line) that neither the labs' stubs nor the library's public headers hold too. A stub shares its
# declarations with its reference, and both name the library's API; their bodies differ.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trimmed() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$@" | awk 'length($0) >= 20 && !/^#/' | LC_ALL=C sort -u; }
trimmed $(find solutions tests/alternatives -type f 2>/dev/null) >"$work/reference"
trimmed $(find labs lib/include -type f) >"$work/public"
LC_ALL=C comm -23 "$work/reference" "$work/public" >"$work/own"
count=$(wc -l <"$work/own")
[ "$count" -gt 0 ] || { echo "check-release: no line of solutions/ to look for (is it the stubs?)" >&2; exit 2; }
# Whole lines only (-x after trimming each file's lines the same way), so that a sentence a handout
# shares with a comment in a reference is found too, but a fragment such as "return 0;" is not looked
# for. One or two common lines ("} catch (const SysError& error) {") are a coincidence; a copied
# function body shares many: a file is reported from 3 distinct lines on, unless
# lib/packaging/release-allowed.txt lists it (with the reason).
# (Two processes per file, sed and grep; the rest in the shell: this runs over every file of the
# release, several times in `make test`.)
declare -A allowed=()
while IFS= read -r path; do [ -z "$path" ] || allowed[$path]=1; done < <(grep -v '^#' lib/packaging/release-allowed.txt 2>/dev/null || true)
while IFS= read -r file; do
    [ -n "${allowed[${file#"$release"/}]:-}" ] && continue
    hits=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$file" | grep -nxF -f "$work/own")
    [ -n "$hits" ] || continue
    mapfile -t hit_lines <<<"$hits"
    distinct=${#hit_lines[@]}
    [ "$distinct" -ge 3 ] && problem "${file#"$release"/} holds $distinct lines of a reference, e.g. ${hit_lines[0]}"
done < <(find "$release" -type f -size -2M)

if [ "$problems" -ne 0 ]; then
    echo "check-release: $problems problem(s) in $release"
    exit 1
fi
echo "check-release: no reference in $release ($count reference lines looked for, none found; no solutions/, mutants or answer keys)"
