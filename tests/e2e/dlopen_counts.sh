#!/usr/bin/env bash
# The implementations are shared objects that build/ipcviz dlopen()s. Their mem:: and sys:: calls
# must count into the tool's own counters (one object shared with the executable, not a copy per
# library): a shared-memory run must show its two user copies per message, a pipe run its two
# syscalls and two kernel copies.
set -uo pipefail
build=$1
fails=0
shm=$("$build/ipcviz" trace -m shm --untraced -q -n 2000)
grep -qE '^ *user copies / message +2\.00' <<<"$shm" || { echo "FAIL: shared memory through dlopen: $shm"; fails=$((fails + 1)); }
pipe=$("$build/ipcviz" trace -m pipe --untraced -q -n 2000)
grep -qE '^ *syscalls / message +2\.00' <<<"$pipe" && grep -qE '^ *kernel copies / message +2\.00' <<<"$pipe" ||
    { echo "FAIL: pipe through dlopen: $pipe"; fails=$((fails + 1)); }
[ $fails -eq 0 ] && echo "ok: counts from the dlopen()ed implementations reach the tool"
[ $fails -eq 0 ]
