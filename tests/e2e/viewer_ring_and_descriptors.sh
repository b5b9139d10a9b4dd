#!/usr/bin/env bash
# The whole ring and the descriptor tables, driven in tmux at 80×24 and 160×45 (issue 10, points 4
# and 5): the shared-memory screen names slots ("ring 0 · slot 3") in its panel and its log, `m`
# shows every slot; `d` lists each process's descriptors, and a child that kept the pipe's write end
# (the mutant 01-pipe/child_keeps_write_end, loaded as the implementation) shows it, where the
# reference's child does not. Needs that mutant's libipcviz-impl.so (make test builds it).
set -uo pipefail
build=$(cd "$1" && pwd)
. "$(dirname "$0")/lib/require.sh"
require_tools tmux
mutant_so="$build/mutant-01-pipe-child_keeps_write_end/libipcviz-impl.so"
if [ ! -d solutions ]; then
    echo "ok:   (a student release: no mutants to load)"
    exit 0
fi
if [ ! -e "$mutant_so" ]; then
    echo "FAIL: $mutant_so is missing (make test builds it)"
    exit 1
fi
. "$(dirname "$0")/lib/tmux.sh"
fails=0
# The child's box: the right-hand process box, columns from (width - 25) on, rows 2–6.
child_box() { screen | sed -n 2,7p | cut -c "$(($1 - 24))"-; }
ok() { echo "ok:   $1"; }
fail() {
    echo "FAIL: $1"
    screen | sed 's/^/      | /'
    fails=$((fails + 1))
}
# step_until PATTERN: → until the screen shows PATTERN (at most 80 steps).
step_until() {
    for _ in $(seq 80); do
        screen | grep -qF -- "$1" && return 0
        tmux_ send-keys -t view Right
        sleep 0.05
    done
    screen | grep -qF -- "$1"
}

# Each run is checked at 80×24, then resized to 160×45 and checked again: the frame is laid out for
# the terminal's size at each draw, so one run shows both sizes (three runs where six showed the same).
# at_size W H: resizes the session "view" to W×H and waits until the frame is drawn for that width
# (a frame as wide as the terminal: its widest line within 2 columns of W).
at_size() {
    tmux_ resize-window -t view -x "$1" -y "$2"
    for _ in $(seq 100); do
        [ "$(screen | LC_ALL=C.UTF-8 wc -L)" -ge $(($1 - 2)) ] && return 0  # wc -L: the widest line, in columns
        sleep 0.05
    done
    return 1
}
sizes="80x24 160x45"

# Shared memory: the panel names the slot, the log names the words, m shows every slot.
tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $build/ipcviz view --mechanism shm; sleep 60"
wait_for "Event log" || true
if step_until "1 / 10 messages"; then ok "shm: stepped to the first delivery"; else fail "shm: no delivery"; fi
for size in $sizes; do
    width=${size%x*}
    height=${size#*x}
    at_size "$width" "$height" || fail "$size: the frame was not redrawn at that size"
    if screen | grep -qE "ring 0 · slot [0-9]+"; then ok "$size shm: the panel names the ring and slot"; else fail "$size shm: no slot name"; fi
    if screen | grep -qE "(exchange|load_acquire)\(ring 0( · slot |·)[0-9]+(·| · )state"; then
        ok "$size shm: the log names the state words"
    else
        fail "$size shm: the log does not name the state words"
    fi
    if screen | grep -qF "+0x"; then fail "$size shm: a bare offset on screen"; else ok "$size shm: no bare offset on screen"; fi
    tmux_ send-keys -t view m
    sleep 0.3
    if screen | grep -qF "Whole ring" && screen | grep -qE "ring 0 · (64 slots · [0-9]+ unread|[0-9]+/64 unread)"; then
        ok "$size shm: m shows the whole ring"
    else
        fail "$size shm: m shows no whole ring"
    fi
    tmux_ send-keys -t view '?'
    sleep 0.3
    if screen | grep -qF "every slot of the ring" && screen | grep -qF "descriptors each process holds"; then
        ok "$size: the help names m and d"
    else
        fail "$size: the help does not name m and d"
    fi
    # Any key closes the help (and does nothing else); then m turns the whole ring off again.
    for key in m m; do tmux_ send-keys -t view "$key"; sleep 0.3; done
    screen | grep -qF "Whole ring" && fail "$size shm: m did not turn the whole ring off"
done
tmux_ kill-session -t view

# Pipe, the reference: once the first message is through, the child holds only the read end.
tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $build/ipcviz view --mechanism pipe; sleep 60"
wait_for "Event log" || true
tmux_ send-keys -t view d
step_until "1 / 10 messages" >/dev/null
for size in $sizes; do
    width=${size%x*}
    at_size "$width" "${size#*x}" || fail "$size: the frame was not redrawn at that size"
    if child_box "$width" | grep -qF "fd 3 pipe read end" && ! child_box "$width" | grep -qF "write end"; then
        ok "$size pipe (reference): d shows the child's read end and no write end"
    else
        fail "$size pipe (reference): the child's descriptors are not its read end alone"
    fi
done
tmux_ kill-session -t view

# The mutant, loaded as the implementation beside a copy of the tool: the kept write end shows.
mkdir -p "$work/mutant/solutions"
cp "$build/ipcviz" "$work/mutant/ipcviz"
cp "$mutant_so" "$work/mutant/solutions/libipcviz-impl.so"
tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $work/mutant/ipcviz view --mechanism pipe; sleep 60"
wait_for "Event log" || true
tmux_ send-keys -t view d
step_until "1 / 10 messages" >/dev/null
for size in $sizes; do
    width=${size%x*}
    at_size "$width" "${size#*x}" || fail "$size: the frame was not redrawn at that size"
    if child_box "$width" | grep -qF "fd 4 pipe write end"; then
        ok "$size pipe (child_keeps_write_end): d shows the write end the child kept, whole"
    else
        fail "$size pipe (child_keeps_write_end): the kept write end is not on screen"
    fi
done
tmux_ kill-session -t view
[ $fails -eq 0 ]
