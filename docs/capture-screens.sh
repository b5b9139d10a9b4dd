#!/usr/bin/env bash
# Recaptures docs/screens.md: the real viewer in tmux at 80×24, on the reference solutions, a few
# steps into each mechanism's run; then TCP with Nagle's stall (round trips, --nagle --split-header)
# and the pipe's round trips at 120×40. Run from the repository's root after `make all`.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/e2e/lib/require.sh
require_tools tmux
work=$(mktemp -d)
socket="$work/tmux.sock"
trap 'tmux -S "$socket" kill-server 2>/dev/null; rm -rf "$work"' EXIT
tmux -S "$socket" new-session -d -s capture -x 80 -y 24 "LANG=C.UTF-8 build/ipcviz; sleep 300"
sleep 1
tmux -S "$socket" capture-pane -t capture -p >"$work/home.txt"
# key:name:steps — each mechanism opened with its key, then stepped a little way in.
for entry in 1:shm:14 2:pipe:9 3:unix:14 4:tcp:16; do
    IFS=: read -r key name steps <<<"$entry"
    tmux -S "$socket" send-keys -t capture "$key"
    # The run is on screen at once; its latency and throughput fill in when measured.
    for _ in $(seq 300); do
        screen=$(tmux -S "$socket" capture-pane -t capture -p)
        grep -q "Event log" <<<"$screen" && ! grep -q "Measuring" <<<"$screen" && break
        sleep 0.1
    done
    for _ in $(seq "$steps"); do tmux -S "$socket" send-keys -t capture Right; done
    sleep 0.5
    tmux -S "$socket" capture-pane -t capture -p >"$work/$name.txt"
    # The same step with the whole ring (m, shared memory) and with the descriptor tables (d, pipe).
    case $name in shm) toggle=m ;; pipe) toggle=d ;; *) toggle="" ;; esac
    if [ -n "$toggle" ]; then
        tmux -S "$socket" send-keys -t capture "$toggle"
        sleep 0.3
        tmux -S "$socket" capture-pane -t capture -p >"$work/$name-$toggle.txt"
        tmux -S "$socket" send-keys -t capture "$toggle"
    fi
done
# capture NAME WIDTH HEIGHT STEPS OPTIONS...: `ipcviz view OPTIONS` in a session of its own, once
# its figures are measured, STEPS steps in.
capture() {
    local name=$1 width=$2 height=$3 steps=$4
    shift 4
    tmux -S "$socket" new-session -d -s "$name" -x "$width" -y "$height" "LANG=C.UTF-8 build/ipcviz view $*; sleep 300"
    for _ in $(seq 300); do
        screen=$(tmux -S "$socket" capture-pane -t "$name" -p)
        grep -q "Event log" <<<"$screen" && ! grep -q "Measuring" <<<"$screen" && break
        sleep 0.1
    done
    for _ in $(seq "$steps"); do tmux -S "$socket" send-keys -t "$name" Right; done
    sleep 0.5
    tmux -S "$socket" capture-pane -t "$name" -p >"$work/$name.txt"
}
capture nagle 80 24 40 --mechanism tcp --round-trip --nagle --split-header
capture pipe-wide 120 40 12 --mechanism pipe --round-trip
# keyed NAME WIDTH HEIGHT "KEYS" ARGUMENTS...: `ipcviz ARGUMENTS` in a session of its own, once its
# first screen is up and its figures measured (predict mode hides "measuring": a few seconds more),
# then KEYS (tmux key names, space-separated).
keyed() {
    local name=$1 width=$2 height=$3 keys=$4
    shift 4
    tmux -S "$socket" new-session -d -s "$name" -x "$width" -y "$height" "LANG=C.UTF-8 build/ipcviz $*; sleep 300"
    for _ in $(seq 600); do
        screen=$(tmux -S "$socket" capture-pane -t "$name" -p)
        grep -qE "^  Now |Event log|IPC Visualizer|Predict, then reveal" <<<"$screen" && ! grep -qi "measuring" <<<"$screen" && break
        sleep 0.1
    done
    case "$*" in *--predict*) sleep 3 ;; esac
    for key in $keys; do tmux -S "$socket" send-keys -t "$name" "$key"; sleep 0.1; done
    sleep 0.5
    tmux -S "$socket" capture-pane -t "$name" -p >"$work/$name.txt"
}
keyed compact-shm 60 20 "n Right Right" view -m shm
keyed compact-pipe 60 20 "n n Right" view -m pipe
keyed compact-unix 60 20 "n" view -m unix
keyed compact-tcp 60 20 "n n" view -m tcp
keyed compact-home 60 20 ""
keyed compact-keys 60 20 "?" view -m pipe
keyed compact-goto 60 20 "n : 7" view -m pipe
keyed predict-hidden 60 20 "n n n" view -m pipe --predict
keyed predict-step 60 20 "n n n v" view -m pipe --predict
keyed predict-revealed 60 20 "n n n v V" view -m pipe --predict
keyed predict-full 80 24 "End" view -m unix --predict
keyed bench-predict 80 24 "" bench --predict --messages 20000 --round-trips 2000
keyed big-compact 60 30 "n n n" view -m tcp
{
    echo "# The viewer's screens"
    echo
    echo "Text captures of \`ipcviz\` at 80×24 (tmux \`capture-pane\`), on the reference solutions, a few steps into"
    echo "each run. On a real terminal the current event is highlighted and the panels are coloured; text loses both."
    echo "Every figure is from the run at hand: counts from the traced run shown; latency and throughput from a"
    echo "race the viewer makes by \`ipcviz bench\`'s method each time it opens a mechanism (the mechanism and the one"
    echo "it is compared with, 5 interleaved rounds, pinned a CPU each, at the view's message size; the median of"
    echo "the rounds with their range on the status line; a figure whose rounds spread more than twofold is shown"
    echo "as its range, \"wide\"). Recaptured with \`docs/capture-screens.sh\`."
    echo
    echo "Steps follow time: each syscall is two points, when it started and when it returned (CLOCK_MONOTONIC,"
    echo "comparable across the two processes), merged into one step when nothing happened in between. The event"
    echo "log's two left columns are the lanes of the two processes: ▼ entered a syscall, │ still inside it,"
    echo "▲ returned, ◆ in and out at one step, • a user-space operation (not timed: —), ─ the harness noting a"
    echo "message. Until the last step the metrics are this run's so far, per process (Parent · Child); at the"
    echo "last, the run's figures per message. Each process box says what its process does at the step shown: in"
    echo "a call (with \"…\": not returned yet; \"blocked\" when it waits for the other), back from one (\"returned\","
    echo "with its result), or in user code between calls."
    echo
    echo "Shared words are named by the layout the channel describes (layout::describe in"
    echo "lib/include/ipcviz/layout.hpp): \"ring 0 · slot 3 · state\"; without a description, by their offset in"
    echo "the mapping (\"map 1 +0x0180\"). \`m\` shows every slot of the ring(s) in place of the metrics (■ a message"
    echo "not yet taken, □ taken, · never used; numbers where they fit), \`d\` each process's descriptors (from"
    echo "/proc after setup, open and close, and the traced calls in between)."
    echo
    echo "Lecture mode (README, \"For instructors\"): the compact layout, captured at its least size, 60×20;"
    echo "each row is whole (a piece that does not fit is left out, never cut). Predict mode draws the figures"
    echo "as \"?\" until \`v\` (this step) and \`V\` (the run); \`n\`/\`N\`/\`:\` step by message, \`a\` pauses at each"
    echo "message received; the title shows the playback speed, paused (‖) or playing (▶)."
    for section in "home:Home screen" "shm:Shared memory" "shm-m:Shared memory · the whole ring (m)" "pipe:Pipe" \
                   "pipe-d:Pipe · descriptors (d)" "unix:Unix socket" "tcp:TCP socket" \
        "nagle:TCP socket, round trips with Nagle's stall (\`view -m tcp --round-trip --nagle --split-header\`)" \
        "pipe-wide:Pipe, round trips, at 120×40 (\`view -m pipe --round-trip\`)" \
        "compact-shm:Lecture mode · the compact layout at 60×20: shared memory" "compact-pipe:Compact · pipe" \
        "compact-unix:Compact · Unix socket" "compact-tcp:Compact · TCP socket" "compact-home:Compact · home screen" \
        "compact-keys:Compact · the keys (?)" "compact-goto:Compact · go to message (\`:\` then a number)" \
        "predict-hidden:Predict, then reveal at 60×20 (\`view -m pipe --predict\`): hidden" \
        "predict-step:Predict · this step revealed (v)" "predict-revealed:Predict · the run revealed too (V)" \
        "predict-full:Predict at 80×24, the last step, hidden (\`view -m unix --predict\`)" \
        "bench-predict:The benchmark, predict mode (\`bench --predict\`), before v" \
        "big-compact:Large digits: the compact layout at 60×30 (\`view -m tcp\`)"; do
        echo
        echo "## ${section#*:}"
        echo
        echo '```'
        cat "$work/${section%%:*}.txt"
        echo '```'
    done
} >docs/screens.md
echo "docs/screens.md written"
docs/capture-lecture.sh  # live mode's captures and the benchmark's table, in docs/lecture.md
