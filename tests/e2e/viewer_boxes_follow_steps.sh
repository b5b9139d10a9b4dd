#!/usr/bin/env bash
# The real viewer in tmux at 80×24, every mechanism, one-way and round trip (and TCP with Nagle's
# stall): stepping one step at a
# time through the first STEPS steps (default 36: past the setup, into the first messages), each process box must say what that process does
# at the step on screen, never what it did at an earlier one:
#   - "blocked" only inside a call that has not returned (its line ends in " …");
#   - a call that has not returned is shown in the kernel;
#   - between calls ("user code", "idle", "done") no call is shown;
#   - a call shown with its result ("= 4") is the step's own: the log's current row is that
#     process's, for the same call.
#   tests/e2e/viewer_boxes_follow_steps.sh BUILD_DIR [STEPS]
set -uo pipefail
build=$(cd "$1" && pwd)
steps=${2:-36}
. "$(dirname "$0")/lib/require.sh"
require_tools tmux
. "$(dirname "$0")/lib/checks.sh"
. "$(dirname "$0")/lib/tmux.sh"
# The frame is read with bash's own string operations, no process per field: a walk makes a few
# hundred steps, and a dozen sed/awk/grep per step made this script slow on a loaded machine.
# trim TEXT: TEXT without leading and trailing spaces, in $trimmed.
trim() {
    trimmed=${1#"${1%%[! ]*}"}
    trimmed=${trimmed%"${trimmed##*[! ]}"}
}
# box ROW FIELD: the text inside a box on screen row ROW (1-based), in $trimmed; field 2 is the left
# box (and the metrics), 4 the channel (and the log), 6 the right box (fields as awk -F'│' counts them).
box() {
    local rest=${lines[$1 - 1]-} field=1
    while [ "$field" -lt "$2" ] && [[ $rest == *│* ]]; do
        rest=${rest#*│}
        field=$((field + 1))
    done
    [ "$field" -eq "$2" ] || rest=""
    trim "${rest%%│*}"
}

# check_step NAME STEP: the frame on screen against the rules above; prints the first violation.
check_step() {
    local name=$1 step=$2 side field role state doing total first row current rest roles=()
    local log_re='Event log · ([0-9]+) / ([0-9]+)' role_re='─ ([A-Za-z]+) ─(.*)$'
    mapfile -t lines <<<"$frame"
    [[ $frame =~ $log_re ]] && total=${BASH_REMATCH[2]}
    # The log keeps the current step a third of the way down its 8 rows (as log_box lays it out).
    first=$((step - 2)); [ $((total - 7)) -lt $first ] && first=$((total - 7)); [ $first -lt 1 ] && first=1
    row=$((10 + step - first))
    # The log's row without the metrics box before it (a pending lane is drawn "│" too).
    current=${lines[row - 1]-}
    if [[ $current == " │"* ]]; then
        rest=${current#" │"}
        rest=${rest#"${rest%%│*}"}
        [[ $rest == "│ │"* ]] && current=${rest#"│ │"}
    fi
    # The two roles, as the boxes' titles on row 2 name them ("─ Writer ─").
    rest=${lines[1]-}
    while [[ $rest =~ $role_re ]]; do
        roles+=("${BASH_REMATCH[1]}")
        rest=${BASH_REMATCH[2]}
    done
    for side in 0 1; do
        field=$((side == 0 ? 2 : 6))
        role=${roles[side]-}
        box 4 "$field"; state=$trimmed
        box 5 "$field"; doing=$trimmed
        local where="$name step $step, $role: \"$state\" / \"$doing\""
        case "$state" in
            blocked*) [[ $doing == *" …" ]] || { echo "$where: blocked, but its call has returned"; return 1; } ;;
        esac
        if [[ $doing == *" …" ]] && [[ $state != *kernel* ]]; then
            echo "$where: inside a call, not shown in the kernel"; return 1
        fi
        case "$state" in
            "user code"|idle|done) [ -z "$doing" ] || { echo "$where: between calls, yet a call is shown"; return 1; } ;;
        esac
        if [[ $doing == *" = "* ]]; then
            # Its own step: the log's current row names this process and the same call.
            if [[ $current != *"$role"* ]] || [[ $current != *"${doing%%(*}("* ]]; then
                echo "$where: a returned call shown at another's step (log row: \"$current\")"; return 1
            fi
        fi
    done
    return 0
}

# Every mode of trace: one-way, round trip (both directions drawn), TCP with Nagle's stall.
runs=("shm" "pipe" "unix" "tcp" "shm --round-trip" "pipe --round-trip" "unix --round-trip" "tcp --round-trip"
      "tcp --round-trip --nagle --split-header")
for run in "${runs[@]}"; do
    name=${run%% *}
    pattern=${run#"$name"}
    pattern=${pattern# }
    tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $build/ipcviz view --mechanism $run; sleep 60"
    if ! wait_for "Event log"; then
        fail "$name $pattern: no first frame within 15 s"
        tmux_ kill-session -t view
        continue
    fi
    bad=""
    for ((step = 1; step <= steps; step++)); do
        tmux_ send-keys -t view Right
        for ((try = 0; try < 50; try++)); do
            frame=$(screen)
            [[ $frame == *"Event log · $step /"* ]] && break
            sleep 0.02
        done
        [[ $frame == *"Event log · $step /"* ]] || break  # past the run's last step
        if ! bad=$(check_step "$name${pattern:+ $pattern}" "$step"); then
            # A capture can catch the terminal in the middle of a redraw: the log's title already at
            # the new step while its rows are still scrolling (seen: a row missing, the rows above it
            # a step behind). The viewer is paused at this step, so its frame stops changing: judge
            # that one; a wrong box stays wrong in it.
            for ((try = 0; try < 20; try++)); do
                sleep 0.05
                previous=$frame
                frame=$(screen)
                [ "$frame" = "$previous" ] && break
            done
            bad=$(check_step "$name${pattern:+ $pattern}" "$step") || break
        fi
    done
    if [ -n "$bad" ]; then
        fail "$bad"
        sed 's/^/      | /' <<<"$frame"
    else
        ok "$name${pattern:+ $pattern}: the boxes follow each of the first $steps steps"
    fi
    # The title says how the run was made.
    case "$pattern" in
        *--round-trip*) grep -qF "round trip" <<<"$frame" || fail "$run: the title does not say \"round trip\"" ;;
    esac
    case "$pattern" in
        *--nagle*) grep -qF "· Nagle · split" <<<"$frame" || fail "$run: the title does not say \"Nagle · split\"" ;;
    esac
    tmux_ kill-session -t view
done
[ "$fails" -eq 0 ]
