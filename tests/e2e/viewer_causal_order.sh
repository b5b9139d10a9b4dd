#!/usr/bin/env bash
# The real viewer in tmux (120×40), on every mechanism, run after run ('r'): stepping through each
# run ten steps at a time, no "message k received" line may appear in the event log before the
# "message k sent" line; both must appear for every message. Also measures and prints how long
# the first frame of each mechanism takes to appear from launch.
#   tests/e2e/viewer_causal_order.sh BUILD_DIR [RUNS per mechanism, default 3]
set -uo pipefail
build=$(cd "$1" && pwd)
runs=${2:-3}
. "$(dirname "$0")/lib/require.sh"
require_tools tmux
. "$(dirname "$0")/lib/tmux.sh"
fails=0
now_ms() { date +%s%3N; }
# The log's "k / N" in its title: where the viewer is, and how many steps the run has.
position() { screen | grep -oE 'Event log · [0-9]+ / [0-9]+' | head -n 1; }

# check_run NAME RUN: steps through the run on screen from its first step to its last.
check_run() {
    local name=$1 run=$2 total seen_sent="" line k kind bad=""
    tmux_ send-keys -t view Home
    sleep 0.2
    total=$(position | awk '{print $6}')
    [ -n "$total" ] || { echo "FAIL: $name run $run: no event log on screen"; screen | sed 's/^/      | /'; return 1; }
    local received=0 sent=0
    for _ in $(seq 0 10 $((total + 10))); do
        # The rows of the log, top to bottom, are steps in order; each capture overlaps the last.
        while read -r kind k; do
            if [ "$kind" = sent ]; then
                case " $seen_sent " in *" $k "*) ;; *) seen_sent="$seen_sent $k"; sent=$((sent + 1)) ;; esac
            else
                case " $seen_sent " in
                    *" $k "*) ;;
                    *) bad="message $k received before it was sent"; break 2 ;;
                esac
            fi
        done < <(screen | grep -oE '── message [0-9]+ (sent|received)' | awk '{print $4, $3}')
        tmux_ send-keys -t view NPage
        sleep 0.05
    done
    received=$(for k in $seen_sent; do echo "$k"; done | wc -l)
    if [ -n "$bad" ]; then
        echo "FAIL: $name run $run: $bad; the screen:"
        screen | sed 's/^/      | /'
        return 1
    fi
    if [ "$sent" -ne 10 ]; then
        echo "FAIL: $name run $run: $sent of 10 \"sent\" lines seen while stepping through $total steps"
        screen | sed 's/^/      | /'
        return 1
    fi
    return 0
}

for name in shm pipe unix tcp; do
    start=$(now_ms)
    tmux_ new-session -d -s view -x 120 -y 40 "LANG=C.UTF-8 $build/ipcviz view --mechanism $name; sleep 60"
    if ! wait_for "Event log" 150; then
        echo "FAIL: $name: no first frame within 15 s"
        screen | sed 's/^/      | /'
        fails=$((fails + 1))
        tmux_ kill-session -t view
        continue
    fi
    first_frame=$(($(now_ms) - start))
    [ -n "${VERBOSE:-}" ] && echo "  $name: first frame at $first_frame ms"
    ok=0
    for run in $(seq "$runs"); do
        if [ "$run" -gt 1 ]; then
            before=$(screen | grep -oE 'pid [0-9]+' | head -n 1)
            tmux_ send-keys -t view r
            for _ in $(seq 150); do  # a fresh run: new pids on screen
                sleep 0.1
                after=$(screen | grep -oE 'pid [0-9]+' | head -n 1)
                [ -n "$after" ] && [ "$after" != "$before" ] && screen | grep -qF "Event log" && break
            done
        fi
        [ -n "${VERBOSE:-}" ] && echo "  $name: run $run on screen at $(($(now_ms) - start)) ms"
        if check_run "$name" "$run"; then ok=$((ok + 1)); else fails=$((fails + 1)); fi
    done
    [ "$ok" -eq "$runs" ] && verdict="ok:  " || verdict="FAIL:"
    echo "$verdict $name: $ok of $runs runs stepped through with every message sent before it is received;" \
        "first frame after ${first_frame} ms"
    tmux_ kill-session -t view
done
[ $fails -eq 0 ]
