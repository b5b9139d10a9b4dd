#!/usr/bin/env bash
# The viewer's causal order under load: while another process keeps one core busy, (1) the model's
# unit test over RUNS real runs of every mechanism, one-way and round trip (no step shows "received"
# before "sent", a buffer below zero, a running figure going down, or a pending call not shown
# pending), and (2) the real viewer in tmux, RUNS runs of each mechanism stepped through on screen.
# Not part of `make test` (it takes minutes):
#   tests/stress/viewer-causal-order.sh [RUNS, default 50] [BUILD_DIR, default build]
set -uo pipefail
runs=${1:-50}
build=${2:-build}
cd "$(dirname "$0")/../.."
timeout 7200 bash -c "while :; do :; done" &  # timeout: at most 2 h even if this script is killed
spinner=$!
trap 'kill $spinner 2>/dev/null' EXIT
echo "load: pid $spinner spinning; $(nproc) cores; $runs runs of each mechanism"
status=0
test="over real runs of every mechanism, no step shows an effect before its cause"
if IPCVIZ_VIEW_RUNS=$runs "$build/unit-tests" "$test" \
    >/tmp/viewer-causal-order.log 2>&1; then
    echo "ok:   model: $runs runs × 4 mechanisms × 2 patterns, every step in causal order"
else
    echo "FAIL: model:"
    grep -E "with expansion|==|run [0-9]" /tmp/viewer-causal-order.log | head -20 | sed 's/^/    /'
    status=1
fi
bash tests/e2e/viewer_causal_order.sh "$build" "$runs" || status=1
exit $status
