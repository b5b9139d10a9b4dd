#!/usr/bin/env bash
# The real viewer in a real terminal (tmux, 80×24): step, go back, switch mechanism, resize, quit —
# then the terminal is sane again and no process of the viewer or its runs is left. Also SIGTERM.
set -uo pipefail
build=$(cd "$1" && pwd)
. "$(dirname "$0")/lib/require.sh"
require_tools tmux pgrep ps  # without pgrep, "no process left" would pass for want of a look
. "$(dirname "$0")/lib/tmux.sh"
fails=0
check() {  # check WHAT PATTERN: the screen shows PATTERN
    local shown
    shown=$(screen)
    if grep -qF -- "$2" <<<"$shown"; then
        echo "ok:   $1"
    else
        echo "FAIL: $1 — no \"$2\" on the screen:"
        sed 's/^/      | /' <<<"$shown"
        fails=$((fails + 1))
    fi
}
check_absent() {  # check_absent WHAT PATTERN: the screen does not show PATTERN
    if screen | grep -qF -- "$2"; then
        echo "FAIL: $1 — \"$2\" is on the screen"
        fails=$((fails + 1))
    else
        echo "ok:   $1"
    fi
}

# The viewer runs in a shell that records the terminal's settings after it exits.
tmux_ new-session -d -s view -x 80 -y 24 \
    "LANG=C.UTF-8 $build/ipcviz view --mechanism pipe; echo \"exit \$?\" > $work/status; stty -a > $work/stty; sleep 60"
wait_for "Event log" || true
check "the pipe screen opens with both processes" "Parent"
tmux_ send-keys -t view Right Right Right
sleep 0.3
check "three steps on" "Event log · 3 /"
tmux_ send-keys -t view Left
sleep 0.3
check "one step back" "Event log · 2 /"
tmux_ send-keys -t view End
sleep 0.3
check "at the end every message has arrived" "10 / 10 messages"
tmux_ send-keys -t view 3
wait_for "full duplex" || true
check "key 3 switches to the Unix socket (a fresh run)" "Unix Socket"
tmux_ resize-window -t view -x 59 -y 19
sleep 0.5
check "a terminal below the compact layout's 60×20 is told so" "ipcviz needs at least 60×20"
tmux_ resize-window -t view -x 120 -y 40
sleep 0.5
check "a large terminal is used" "Unix Socket · ipcviz view"
tmux_ send-keys -t view '?'
sleep 0.3
check "? shows the keys" "play / pause"
tmux_ send-keys -t view Escape q
for _ in $(seq 50); do [ -s "$work/stty" ] && break; sleep 0.1; done
if [ -s "$work/stty" ] && grep -q "exit 0" "$work/status" && grep -qw "icanon" "$work/stty" && grep -qw "echo" "$work/stty" \
    && ! grep -qw -- "-icanon" "$work/stty" && ! grep -qw -- "-echo" "$work/stty"; then
    echo "ok:   q quits with status 0 and the terminal is back in canonical mode with echo"
else
    echo "FAIL: after q: status $(cat "$work/status" 2>/dev/null), stty: $(head -c 300 "$work/stty" 2>/dev/null)"
    fails=$((fails + 1))
fi
tmux_ kill-session -t view

# SIGTERM while the viewer runs: it restores the terminal and exits.
rm -f "$work/stty" "$work/status"
tmux_ new-session -d -s view -x 80 -y 24 \
    "LANG=C.UTF-8 $build/ipcviz view --mechanism shm; echo \"exit \$?\" > $work/status; stty -a > $work/stty; sleep 60"
wait_for "Event log" || true
shell=$(tmux_ display-message -p -t view '#{pane_pid}')
viewer=$(pgrep -x -P "$shell" ipcviz | head -n 1)
[ -n "$viewer" ] && kill -TERM "$viewer"
for _ in $(seq 50); do [ -s "$work/stty" ] && break; sleep 0.1; done
if [ -s "$work/stty" ] && grep -q "exit 143" "$work/status" && ! grep -qw -- "-icanon" "$work/stty" && ! grep -qw -- "-echo" "$work/stty"; then
    echo "ok:   SIGTERM ends the viewer (status 143, as the signal's) with the terminal restored"
else
    echo "FAIL: after SIGTERM: status $(cat "$work/status" 2>/dev/null), stty: $(head -c 300 "$work/stty" 2>/dev/null)"
    fails=$((fails + 1))
fi
tmux_ kill-session -t view
# Broken code fails fast. (1) The untouched stubs: the run fails at once, says why, no calibration.
now_ms() { date +%s%3N; }
start=$(now_ms)
tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $build/ipcviz view --mechanism pipe --impl labs; sleep 60"
wait_for "✗" || true
took=$(($(now_ms) - start))
check "a failed run (the stubs) says why" "not implemented"
check_absent "the stubs' failure is on screen after $took ms, with no calibration after it" "Measuring"
tmux_ kill-session -t view

# (2) q while the traced run goes on (a long one: 5000 messages of 4 MiB through a pipe, which the
# view gives up on after its deadline of 4 s) ends the viewer at once, with its run cleaned up.
rm -f "$work/status"
tmux_ new-session -d -s view -x 80 -y 24 \
    "LANG=C.UTF-8 $build/ipcviz view --mechanism pipe --messages 5000 --size 4194304; \
     echo \"exit \$?\" > $work/status; sleep 60"
wait_for "messages delivered after" || true
sleep 0.3
check "while the run goes on, the viewer says how far it got" "messages delivered after"
start=$(now_ms)
tmux_ send-keys -t view q
for _ in $(seq 200); do [ -s "$work/status" ] && break; sleep 0.02; done
took=$(($(now_ms) - start))
if grep -q "exit 0" "$work/status" 2>/dev/null && [ "$took" -lt 2000 ]; then
    echo "ok:   q while the traced run goes on quits (status 0) after $took ms (its deadline: 4 s)"
else
    echo "FAIL: q while the traced run goes on: after $took ms, status $(cat "$work/status" 2>/dev/null)"
    fails=$((fails + 1))
fi
tmux_ kill-session -t view

# Esc while the calibration runs goes home; the run was on screen before its figures.
tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $build/ipcviz view --mechanism tcp; sleep 60"
wait_for "Event log" || true
if tmux_ capture-pane -t view -p | grep -q "Measuring"; then
    tmux_ send-keys -t view Escape
    sleep 0.5
    check "Esc during the calibration goes home" "IPC Visualizer"
else
    echo "ok:   (the calibration was over before the first capture: Esc not tried during it)"
fi
tmux_ kill-session -t view

# Keys do nothing while the screen is refused (too small); Shift-Tab goes to the previous mechanism.
tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $build/ipcviz view --mechanism pipe; sleep 60"
wait_for "Event log" || true
tmux_ resize-window -t view -x 50 -y 16
sleep 0.3
tmux_ send-keys -t view Right Right Right 3
sleep 0.5
tmux_ resize-window -t view -x 80 -y 24
sleep 0.5
check "keys pressed while the terminal was too small did nothing" "Event log · 0 /"
check "... not even a mechanism's key" "Pipe · ipcviz view"
tmux_ send-keys -t view BTab
wait_for "Shared Memory · ipcviz" || true
check "Shift-Tab goes to the previous mechanism (pipe → shared memory)" "Shared Memory · ipcviz view"
tmux_ kill-session -t view

# A terminal that cannot show the viewer: one line suggesting the text mode, status 2.
for term in dumb no-such-terminal; do
    rm -f "$work/status"
    tmux_ new-session -d -s view -x 80 -y 24 \
        "TERM=$term $build/ipcviz view --mechanism pipe; echo \"exit \$?\" > $work/status; sleep 60"
    for _ in $(seq 50); do [ -s "$work/status" ] && break; sleep 0.1; done
    if grep -q "exit 2" "$work/status" 2>/dev/null; then
        check "TERM=$term: status 2, one line saying why" "ipcviz: TERM=$term"
    else
        echo "FAIL: TERM=$term: status $(cat "$work/status" 2>/dev/null)"
        fails=$((fails + 1))
    fi
    tmux_ kill-session -t view
done

# The benchmark: on the untouched stubs it says what to implement and shows no full bar; a
# terminal too small is refused; q stops the race (status 1, one line).
tmux_ new-session -d -s view -x 80 -y 24 "LANG=C.UTF-8 $build/ipcviz bench --impl labs; sleep 60"
wait_for "Nothing to race yet" || true
check "the benchmark on the stubs says what to implement" "Nothing to race yet: implement labs/"
check_absent "no full bar for mechanisms that raced nothing" "100.0%"
tmux_ resize-window -t view -x 60 -y 20
sleep 0.3
check "the benchmark's screen refuses a terminal below 80×24" "ipcviz needs at least 80×24"
tmux_ send-keys -t view Enter
sleep 0.3
check "... and a key other than q does nothing while refused" "ipcviz needs at least 80×24"
tmux_ kill-session -t view
rm -f "$work/status"
tmux_ new-session -d -s view -x 80 -y 24 \
    "LANG=C.UTF-8 $build/ipcviz bench 2>$work/err; echo \"exit \$?\" > $work/status; sleep 60"
wait_for "Measuring:" || true
start=$(now_ms)
tmux_ send-keys -t view q
for _ in $(seq 250); do [ -s "$work/status" ] && break; sleep 0.02; done
took=$(($(now_ms) - start))
if grep -q "exit 1" "$work/status" 2>/dev/null && grep -q "cancelled" "$work/err"; then
    echo "ok:   q stops the benchmark's race after $took ms (status 1: $(cat "$work/err"))"
else
    echo "FAIL: q during the race: after $took ms, status $(cat "$work/status" 2>/dev/null)," \
        "$(cat "$work/err" 2>/dev/null)"
    fails=$((fails + 1))
fi
tmux_ kill-session -t view

sleep 0.3
# This build's ipcviz processes only: other checkouts on the machine may be running their own.
left=$(pgrep -f "^$build/ipcviz( |\$)" || true)
if [ -z "$left" ]; then
    echo "ok:   no ipcviz process is left"
else
    echo "FAIL: left behind: $(ps -o pid,args -p $left | tail -n +2)"
    fails=$((fails + 1))
fi
[ $fails -eq 0 ]
