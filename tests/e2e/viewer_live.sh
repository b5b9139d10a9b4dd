#!/usr/bin/env bash
# Live mode in tmux (issue 12, point 1), driven as a lecturer would at 80×24:
#   - the first frame of `ipcviz view --live`, from launch, measured and printed (within 1 s when the
#     load average is below 1; printed, not judged, under load);
#   - a pipe run stepped until the reader is inside read() with the writer held at the gate: the
#     screen says so, and ps agrees (state S, asleep in the kernel's pipe read);
#   - the reader killed from the keyboard: the pipe's writer is killed by SIGPIPE at its next write,
#     and a Unix socket's writer gets EPIPE (or ECONNRESET) from its next send;
#   - q, Esc and Ctrl-C each end the run: no process of the run and no IPC object of it is left;
#   - at 60×20 (auto gives the compact layout) the same pipe run, stopped, the reader blocked, the
#     reader killed and the run over: every frame whole (the cut-text rules of viewer_lecture.sh),
#     ps agreeing, nothing left; a shared-memory writer whose reader is killed asleep in futex_wait
#     for good (ps agrees), nothing left after q; and `--layout full` at 60×20 says the least size;
#   - c on the shared-memory writer with its reader held: the writer closed and waiting for its child
#     (ps agrees), then the reader's end of stream, nothing left.
#   tests/e2e/viewer_live.sh BUILD_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
. "$(dirname "$0")/lib/require.sh"
require_tools tmux ps pgrep python3
. "$(dirname "$0")/lib/checks.sh"
. "$(dirname "$0")/lib/tmux.sh"

# press_until [-E] PATTERN KEY TRIES PAUSE: presses KEY (then waits PAUSE s) until the screen shows
# PATTERN (a grep pattern; -E: extended), at most TRIES times. Live mode moves one call per key.
press_until() {
    local mode=-qF
    [ "$1" = -E ] && { mode=-qE; shift; }
    local pattern=$1 key=$2 tries=$3 pause=$4
    for _ in $(seq "$tries"); do
        screen | grep $mode -- "$pattern" && return 0
        tmux_ send-keys -t view "$key"
        sleep "$pause"
    done
    return 1
}

# block_reader: step with → until the reader is stopped before a read(); then, with the reader
# selected (Tab), step only it (s) until it is inside read() (a read that finds data returns and stops again).
block_reader() {
    press_until -E 'stopped before read\(fd' Right 60 0.05
    tmux_ send-keys -t view Tab
    press_until -E 'inside read\(fd' s 30 0.1
}
now_ms() { date +%s%3N; }

# The pid in a process box's title: pid_of Writer → 1234.
pid_of() { screen | grep -oE "$1 · [a-z]+ · pid [0-9]+" | head -n 1 | grep -oE '[0-9]+$'; }
# Nothing of the run whose sides were $1 (parent) and $2 (child) is left: neither process, nor an
# IPC object named after the run (ipcviz-PARENTPID-…: other helpers' runs have other pids).
nothing_left() {
    local what=$1 parent=$2 child=$3 leftover
    for pid in $parent $child; do
        if kill -0 "$pid" 2>/dev/null; then
            fail "$what: process $pid of the run is still there: $(ps -o pid=,stat=,cmd= -p "$pid")"
            return
        fi
    done
    leftover=$(ls -d /dev/shm/ipcviz-"$parent"-* "${TMPDIR:-/tmp}"/ipcviz-"$parent"-* 2>/dev/null)
    if [ -n "$leftover" ]; then fail "$what: left $leftover"; else ok "$what: both processes gone, no IPC object left"; fi
}
launch() {  # launch MECHANISM [MESSAGES [WIDTH HEIGHT [OPTIONS]]]
    tmux_ new-session -d -s view -x "${3:-80}" -y "${4:-24}" \
        "LANG=C.UTF-8 $build/ipcviz view --live --mechanism $1 --messages ${2:-20} ${5:-}; echo EXIT=\$?; sleep 60"
    tmux_ set-option -t view -g status off >/dev/null
}

# 1. First frame, and the reader blocked in the kernel while the writer waits at the gate.
load=$(cut -d' ' -f1 /proc/loadavg)
start=$(now_ms)
launch pipe
if ! wait_for "Live · Pipe" 150; then
    fail "no first frame of live mode within 15 s"
    screen | sed 's/^/      | /'
    exit 1
fi
took=$(($(now_ms) - start))
if awk -v l="$load" 'BEGIN { exit !(l < 1.0) }'; then
    if [ "$took" -le 1000 ]; then ok "first frame of live mode after $took ms (load average $load)"
    else fail "first frame of live mode after $took ms, over 1 s on an unloaded machine (load average $load)"; fi
else
    echo "info: first frame of live mode after $took ms (load average $load: not judged against 1 s)"
fi
block_reader
writer=$(pid_of Parent)
reader=$(pid_of Child)
if ! screen | grep -qE 'inside read\(fd'; then
    fail "the reader never showed as inside read()"
    screen | sed 's/^/      | /'
else
    sleep 0.3  # a frame or two: the kernel's view is read at each frame
    shown=$(screen)
    ps_says=$(ps -o stat=,wchan:32= -p "$reader")
    if grep -qE 'stopped before write\(fd' <<<"$shown" && grep -qE 'kernel: S asleep in [a-z_]*pipe_read' <<<"$shown" &&
        grep -qE '^S[^ ]* +[a-z_]*pipe_read' <<<"$ps_says"; then
        ok "reader shown inside read(), asleep in pipe_read, writer at the gate; ps agrees: $ps_says"
    else
        fail "reader not shown blocked as ps sees it ($ps_says):"
        sed 's/^/      | /' <<<"$shown"
    fi
fi
# 2. Kill the reader (selected), let the run go on at a pace: the pipe's writer dies of SIGPIPE.
tmux_ send-keys -t view k
wait_for "killed (SIGKILL)" 50 || fail "pipe: the killed reader is not shown killed"
tmux_ send-keys -t view p
if wait_for "The run ended" 100 && screen | grep -q "killed by SIGPIPE"; then
    ok "pipe: reader killed from the keyboard; the writer was killed by SIGPIPE at its next write"
else
    fail "pipe: after killing the reader, no SIGPIPE for the writer on screen:"
    screen | sed 's/^/      | /'
fi
tmux_ send-keys -t view q
wait_for "EXIT=0" 50 || fail "q did not leave the viewer with status 0"
nothing_left "pipe, q" "$writer" "$reader"
tmux_ kill-session -t view

# 3. A Unix socket's writer, its reader killed after the first message, gets EPIPE (or ECONNRESET).
launch unix 200
wait_for "Live · Unix" 150 || fail "no live Unix socket screen"
press_until "message 1 received" Right 80 0.05
writer=$(pid_of Server)
reader=$(pid_of Client)
tmux_ send-keys -t view Tab k
wait_for "killed (SIGKILL)" 50 || fail "unix: the killed reader is not shown killed"
tmux_ send-keys -t view p
if wait_for "The run ended" 100 && screen | grep -qE "Broken pipe|Connection reset"; then
    ok "unix: reader killed from the keyboard; the writer's next send failed: $(screen | grep -oE 'sendmsg\(fd [0-9]+\): (Broken pipe|Connection reset[a-z ]*)' | head -n 1)"
else
    fail "unix: after killing the reader, no EPIPE/ECONNRESET for the writer on screen:"
    screen | sed 's/^/      | /'
fi
tmux_ send-keys -t view Escape   # back home; then q
sleep 0.3
tmux_ send-keys -t view q
wait_for "EXIT=0" 50 || fail "Esc then q did not leave the viewer with status 0"
nothing_left "unix, Esc" "$writer" "$reader"
tmux_ kill-session -t view

# 4. Ctrl-C and q in the middle of a stepped run, both sides alive (shared memory: names in /dev/shm).
# Ctrl-C is SIGINT to the viewer alone (the run's sides have their own process group): sent with kill,
# since tmux's C-c would also end the shell that reports the status.
for ending in INT q; do
    launch shm
    wait_for "Live · Shared Memory" 150 || fail "no live shared-memory screen"
    for _ in $(seq 12); do tmux_ send-keys -t view Right; sleep 0.05; done
    wait_for "Reader · reader · pid" 50 || fail "shm: the reader never started"
    writer=$(pid_of Writer)
    reader=$(pid_of Reader)
    viewer=$(pgrep -P "$(tmux_ display -p -t view '#{pane_pid}')" -x ipcviz)
    if [ "$ending" = INT ]; then kill -INT "$viewer"; else tmux_ send-keys -t view q; fi
    want=$([ "$ending" = INT ] && echo 130 || echo 0)
    if wait_for "EXIT=$want" 50; then
        nothing_left "shm, $ending in a stepped run (exit $want)" "$writer" "$reader"
    else
        fail "shm: $ending did not end the viewer with status $want: $(screen | grep EXIT)"
    fi
    tmux_ kill-session -t view
done

# 5. The compact layout at 60×20. whole_frame WHAT: the frame on screen has no cut text, by the rules
# of viewer_lecture.sh's check_frame: nothing in the last column; each box row ends with its border
# at the column of its corners; no "…" right after a character; and these lines whole: each role
# with "· pid N" once started, "k / N messages", the keys line as the layout writes it.
read -r -d '' whole_py <<'PY'
import re, sys
from frame_rules import geometry_problems
width = 60; lines = sys.stdin.read().rstrip("\n").split("\n")
problems = geometry_problems(lines, width)
text = "\n".join(lines)
for role in sys.argv[1:]:
    if not re.search(re.escape(role) + r" · [a-z]+ · pid \d+", text): problems.append(f"no whole \"{role} · duty · pid N\"")
if not re.search(r"(^|  )\d+ / \d+ messages", text): problems.append("no whole counter")
if re.search(r"\b1 calls\b", text): problems.append("\"1 calls\" (plural for one)")
keys = [l for l in lines if l.strip()][-1].rstrip()
# (pacing, "p pause" is a column longer: "? keys" is left out whole)
if keys not in (" → next  Tab other  p pace  k kill  c close  q quit  ? keys",
                " → next  Tab other  p pause  k kill  c close  q quit", " q quit  Esc home  ? keys"):
    problems.append(f"the keys line is not whole: {keys!r}")
print("\n".join(problems)); sys.exit(1 if problems else 0)
PY
whole_frame() {
    local problems
    if problems=$(screen | PYTHONPATH="$(dirname "$0")/lib" python3 -c "$whole_py" "${@:2}"); then ok "60×20, $1: every line whole"
    else fail "60×20, $1: $problems"; screen | sed 's/^/      | /'; fi
}
launch pipe 20 60 20
wait_for "Live · Pipe" 150 || fail "60×20: no first frame of live mode"
if screen | grep -q "needs at least"; then fail "60×20: live mode refused the compact size"; fi
wait_for "Parent · writer · pid" 100 || fail "60×20: the writer never started"
whole_frame "the first frame (stopped at the gate)" Parent
block_reader
writer=$(pid_of Parent)
reader=$(pid_of Child)
sleep 0.3
shown=$(screen)
ps_says=$(ps -o stat=,wchan:32= -p "$reader")
if grep -qE 'inside read\(fd' <<<"$shown" && grep -qE 'stopped before write\(fd' <<<"$shown" &&
    grep -qE 'kernel: S asleep in [a-z_]*pipe_read' <<<"$shown" && grep -qE '^S[^ ]* +[a-z_]*pipe_read' <<<"$ps_says"; then
    ok "60×20: reader shown inside read(), asleep in pipe_read, writer at the gate; ps agrees: $ps_says"
else
    fail "60×20: reader not shown blocked as ps sees it ($ps_says):"
    sed 's/^/      | /' <<<"$shown"
fi
whole_frame "the reader blocked in read()" Parent Child
tmux_ send-keys -t view k
wait_for "killed (SIGKILL)" 50 || fail "60×20: the killed reader is not shown killed"
whole_frame "the reader just killed" Parent Child
tmux_ send-keys -t view p
if wait_for "The run ended" 100 && screen | grep -q "killed by SIGPIPE"; then
    ok "60×20: the writer was killed by SIGPIPE at its next write"
else
    fail "60×20: after killing the reader, no SIGPIPE for the writer on screen:"
    screen | sed 's/^/      | /'
fi
whole_frame "the run over" Parent Child
tmux_ send-keys -t view q
wait_for "EXIT=0" 50 || fail "60×20: q did not leave the viewer with status 0"
nothing_left "60×20 pipe, q" "$writer" "$reader"
tmux_ kill-session -t view
# Shared memory at 60×20, its reader killed before its first message: the writer fills the ring,
# then sleeps in futex_wait with nobody to wake it (the screen says so, ps agrees); q ends it all.
launch shm 300 60 20
wait_for "Live · Shared Memory" 150 || fail "60×20: no live shared-memory screen"
press_until "Reader · reader · pid" Right 60 0.05
writer=$(pid_of Writer)
reader=$(pid_of Reader)
tmux_ send-keys -t view Tab k
wait_for "killed (SIGKILL)" 50 || fail "60×20 shm: the killed reader is not shown killed"
tmux_ send-keys -t view p + + + +
if wait_for "inside futex_wait" 300; then
    sleep 0.5
    ps_says=$(ps -o stat=,wchan:32= -p "$writer")
    if screen | grep -q "kernel: S asleep in futex" && grep -qE '^S[^ ]* +futex' <<<"$ps_says"; then
        ok "60×20 shm: reader killed, the writer asleep in futex_wait for good; ps agrees: $ps_says"
    else
        fail "60×20 shm: the writer in futex_wait not shown asleep as ps sees it ($ps_says):"
        screen | sed 's/^/      | /'
    fi
    whole_frame "shm, the writer asleep in futex_wait" Writer Reader
else
    fail "60×20 shm: the writer never showed inside futex_wait:"
    screen | sed 's/^/      | /'
fi
tmux_ send-keys -t view q
wait_for "EXIT=0" 50 || fail "60×20 shm: q did not leave the viewer with status 0"
nothing_left "60×20 shm, q with the writer in futex_wait" "$writer" "$reader"
tmux_ kill-session -t view
# --layout full keeps the full layout's least size: at 60×20 one line says so, and q leaves.
launch pipe 20 60 20 "--layout full"
if wait_for "ipcviz needs at least 80×24; this terminal is 60×20." 150; then ok "60×20 --layout full: one line gives the least size"
else fail "60×20 --layout full: no least-size line:"; screen | sed 's/^/      | /'; fi
tmux_ send-keys -t view q
wait_for "EXIT=0" 50 || fail "60×20 --layout full: q did not leave with status 0"
tmux_ kill-session -t view

# 6. c on the shared-memory writer, its reader held: the writer closes its end and shows that it waits
# for its child (ps agrees: do_wait), the reader is still where it was; → then lets the reader find the
# closed slot (end of stream) and the run ends; q leaves nothing. (Every mechanism and end, and k on
# each side, are checked against hangs by the unit tests, test_live_gate.cpp.)
launch shm
wait_for "Live · Shared Memory" 150 || fail "close: no live shared-memory screen"
press_until "message 1 received" Right 80 0.05
writer=$(pid_of Writer)
reader=$(pid_of Reader)
tmux_ send-keys -t view c   # the writer is selected
press_until "closed its end · waits for its" s 40 0.1
sleep 0.3
shown=$(screen)
ps_says=$(ps -o stat=,wchan:32= -p "$writer")
if grep -q "closed its end · waits for its" <<<"$shown" && grep -qE "Reader · reader · pid" <<<"$shown" &&
    grep -qE "(stopped before|inside futex_wait)" <<<"$shown" && grep -qE '^S[^ ]* +do_wait' <<<"$ps_says"; then
    ok "close: the shared-memory writer closed its end and waits for its child, the reader held; ps agrees: $ps_says"
else
    fail "close: the writer not shown closed and waiting as ps sees it ($ps_says):"
    sed 's/^/      | /' <<<"$shown"
fi
press_until "The run ended" Right 60 0.05
if screen | grep -q "end of stream"; then ok "close: stepped on, the reader found the end of the stream"
else fail "close: no end of stream for the reader:"; screen | sed 's/^/      | /'; fi
tmux_ send-keys -t view q
wait_for "EXIT=0" 50 || fail "close: q did not leave the viewer with status 0"
nothing_left "shm, c on the writer, q" "$writer" "$reader"
tmux_ kill-session -t view

[ "$fails" -eq 0 ]
