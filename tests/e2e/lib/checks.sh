# Sourced by end-to-end scripts that report check by check: ok TEXT and fail TEXT print one line
# each and fail counts the failures in $fails (the script ends with [ "$fails" -eq 0 ]); submake runs
# make as a command of its own, not as a part of the make that runs this suite (no jobserver, no
# inherited flags), for scripts that build something else: the release, the autograder.
fails=0
ok() { echo "ok:   $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
submake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory "$@"; }
