#!/usr/bin/env bash
# A clean install: README.md names exactly the Makefile's packages (make print-packages), and
# `make deps` run by a user who is neither root nor able to use sudo installs nothing: it says so
# first, with the exact apt-get line for an administrator, and fails. (A missing package is
# simulated by adding a name that no system has installed to PACKAGES.)
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/e2e/lib/require.sh
require_tools make setsid
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. The README's line is the Makefile's list.
makefile_list=$(make -s --no-print-directory print-packages | tr ' ' '\n' | sed '/^$/d' | sort)
readme_line=$(grep -m1 '^apt-get install -y --no-install-recommends ' README.md)
readme_list=$(sed 's/^apt-get install -y --no-install-recommends //' <<<"$readme_line" | tr ' ' '\n' | sed '/^$/d' | sort)
if [ -n "$makefile_list" ] && [ "$makefile_list" = "$readme_list" ]; then
    echo "ok:   README.md names the Makefile's $(wc -l <<<"$makefile_list") packages"
else
    fail "README.md's apt-get line and make print-packages differ:"
    diff <(echo "$readme_list") <(echo "$makefile_list") | sed 's/^/      | /'
fi

# 2. Not root, no usable sudo, no terminal: make deps says so up front and stops.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp Makefile "$work/" && chmod 644 "$work/Makefile"
mkdir "$work/bin" && printf '#!/bin/sh\nexit 1\n' >"$work/bin/sudo" && chmod 755 "$work/bin" "$work/bin/sudo"  # a sudo that needs a password
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    require_tools setpriv
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)  # nobody
fi
missing=ipcviz-e2e-package-that-no-system-has
out=$(cd "$work" && "${as_user[@]}" env PATH="$work/bin:$PATH" setsid -w make -s --no-print-directory deps \
    PACKAGES="make $missing" </dev/null 2>&1)
status=$?
want="ask an administrator to run: apt-get install -y --no-install-recommends $missing"
if [ $status -ne 0 ] && grep -q "You are not root" <<<"$out" && grep -qF "$want" <<<"$out" && ! grep -qi "installing" <<<"$out"; then
    echo "ok:   as $("${as_user[@]}" id -un) without sudo: make deps fails (status $status) with: $(grep -m1 'not root' <<<"$out")"
else
    fail "make deps as a user without sudo -> status $status: $out"
fi
[ $fails -eq 0 ]
