#!/usr/bin/env bash
# Lecture mode in the real viewer, in tmux (issue 12, points 2–4):
#   - predict then reveal: the figures are "?" (none of the run's numbers on screen), then v shows
#     the step's and V the run's, and what is revealed agrees with the run (the explanation's
#     measured figures are the metrics', the round trip lies in the range the status line gives;
#     the benchmark's revealed table is the one it prints when it ends);
#   - the compact layout at 60×20, every mechanism, 30 steps each: no cut text (see check_frame);
#   - stepping by message: n, N and ": k Enter" land on "message k received" with the counter at k,
#     "message k sent" is before it, auto-pause stops playback at each message received, the
#     speed is shown while paused;
#   - nothing left: no process of this build's viewer, no IPC object named after its runs.
#   tests/e2e/viewer_lecture.sh BUILD_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
. "$(dirname "$0")/lib/require.sh"
require_tools tmux pgrep python3
. "$(dirname "$0")/lib/checks.sh"
. "$(dirname "$0")/lib/tmux.sh"
pids_seen=""
viewer_pids=""  # this script's own viewers (the pane's child), so that a viewer of another suite beside it is not ours
remember_pids() {
    pids_seen="$pids_seen $(screen | grep -oE 'pid [0-9]+' | awk '{print $2}' | tr '\n' ' ')"
    local pane
    pane=$(tmux_ display-message -p -t view '#{pane_pid}' 2>/dev/null) &&
        viewer_pids="$viewer_pids $(pgrep -P "$pane" -f "^$build/ipcviz( |\$)" | tr '\n' ' ')"
}
# start W H OPTIONS...: the viewer in the session "view", once its figures are measured.
start() {
    local width=$1 height=$2
    shift 2
    tmux_ new-session -d -s view -x "$width" -y "$height" "LANG=C.UTF-8 $build/ipcviz $*; sleep 60"
    tmux_ set-option -t view -g status off >/dev/null
    for _ in $(seq 300); do
        screen | grep -qE "^  Now |Event log" && ! screen | grep -qi "measuring" && break
        sleep 0.05
    done
    remember_pids
}
keys() { tmux_ send-keys -t view "$@"; sleep 0.3; remember_pids; }
shows() { screen | grep -qF -- "$1"; }
expect() {  # expect WHAT TEXT: the screen shows TEXT
    if shows "$2"; then ok "$1"; else fail "$1 — no \"$2\" on the screen:"; screen | sed 's/^/      | /'; fi
}
expect_not() {
    if shows "$2"; then fail "$1 — \"$2\" is on the screen:"; screen | sed 's/^/      | /'; else ok "$1"; fi
}
# The "Now" line of the compact layout: the current event.
now_line() { screen | grep -E '^  Now ' | sed 's/^  Now //'; }

# check_frame WIDTH ROLE...: the frame on screen has no cut text. Cut text is any of:
#   - something drawn in the frame's last column (text stopped by the edge);
#   - a box row that does not end with its border at the column of its corners (text ran into it);
#   - "…" right after a character (the viewer's mark for what it cut; a call still going on ends
#     in " …", after a space);
#   - a known line not whole: each role with "· pid N", "k / N messages", the current event (a
#     call with its closing parenthesis, or a message marker), the explanation ending its sentence,
#     the keys line as the layout writes it.
# Standard input holds one frame, or several, each followed by a line holding a form feed alone (the
# frames of a walk through the steps, checked by one python3: one per frame cost more than the walk).
read -r -d '' check_frame_py <<'PY'
import re, sys
from frame_rules import geometry_problems
width = int(sys.argv[1]); roles = sys.argv[2:]
def frame_problems(lines):
    problems = geometry_problems(lines, width)
    text = "\n".join(lines)
    for role in roles:
        if not re.search(re.escape(role) + r" · pid \d+", text): problems.append(f"no whole \"{role} · pid N\"")
    if not re.search(r"\d+ / \d+ (messages|round trips)", text): problems.append("no whole counter")
    now = [l for l in lines if l.startswith("  Now ")]
    event = r"  Now (Before the first call.*|\w+ ── message \d+ (sent|received).*|(\w+ )?[a-z_]+\(.*\)( = .*| …)?)$"
    if len(now) != 1 or not re.match(event, now[0].rstrip()): problems.append(f"the current event is not whole: {now!r}")
    # The explanation: the rows between the figures and the status line; its last row ends a sentence.
    used = [l for l in lines[14:-2] if l.strip()]
    if not used or not re.search(r"[.)]$", used[-1].rstrip()): problems.append(f"the explanation does not end its sentence: {used[-1:]!r}")
    keys = [l for l in lines if l.strip()][-1].rstrip()
    if keys != " → next  ← back  nN message  p play  ? help  q quit" and keys != " → next  ← back  nN message  p pause  ? help  q quit":
        problems.append(f"the keys line is not whole: {keys!r}")
    return problems
frames = [f for f in sys.stdin.read().split("\f\n")]
if len(frames) > 1 and not frames[-1].strip(): frames.pop()  # after the last frame's form feed
for index, frame in enumerate(frames):
    problems = frame_problems(frame.rstrip("\n").split("\n"))
    if problems:
        print(("" if len(frames) == 1 else f"frame {index}: ") + "\n".join(problems))
        sys.exit(1)
sys.exit(0)
PY
check_frame() { screen | PYTHONPATH="$(dirname "$0")/lib" python3 -c "$check_frame_py" "$@"; }
check_frames() { PYTHONPATH="$(dirname "$0")/lib" python3 -c "$check_frame_py" "$@"; }

# --- The compact layout at 60×20: every mechanism, 30 steps, each frame checked.
for run in "shm Writer Reader" "pipe Parent Child" "unix Server Client" "tcp Server Client" "pipe Parent Child --round-trip"; do
    read -r name first second mode <<<"$run"
    start 60 20 view -m "$name" ${mode:-}
    bad=""
    # Each step's frame as the terminal shows it (frame k is step k), then all of them checked at once.
    for step in $(seq 0 30); do
        [ "$step" -gt 0 ] && { tmux_ send-keys -t view Right; sleep 0.05; }
        screen
        printf '\f\n'
    done >"$work/frames"
    if ! problems=$(check_frames 60 "$first" "$second" <"$work/frames"); then bad="step ${problems#frame }"; fi
    remember_pids
    if [ -z "$bad" ]; then
        ok "compact 60×20, $name${mode:+ $mode}: 31 frames with every line whole"
    else
        fail "compact 60×20, $name${mode:+ $mode}: $bad"
        step=${bad#step }
        awk -v RS='\f\n' -v k="${step%%:*}" 'NR == k + 1' "$work/frames" | sed 's/^/      | /'  # that step's frame
    fi
    tmux_ kill-session -t view
done
# auto: 80×24 is the full layout, 60×20 the compact one, below 60×20 one line saying so.
start 80 24 view -m pipe
expect "80×24 shows the full layout" "Event log ·"
tmux_ resize-window -t view -x 60 -y 20; sleep 0.4
expect "resized to 60×20, auto gives the compact layout" "  Now "
check_frame 60 Parent Child >/dev/null && ok "... whole after a resize" || fail "... cut after a resize: $(check_frame 60 Parent Child)"
tmux_ resize-window -t view -x 59 -y 20; sleep 0.4
expect "below 60×20, one line says so" "ipcviz needs at least 60×20; this terminal is 59×20."
tmux_ kill-session -t view
start 80 24 view -m pipe --layout full
tmux_ resize-window -t view -x 70 -y 22; sleep 0.4
expect "--layout full keeps 80×24 as its least size" "ipcviz needs at least 80×24"
tmux_ kill-session -t view

# --- Stepping by message (compact, where the current event has a line of its own).
start 60 20 view -m pipe
keys n n n
expect "n n n lands on message 3 received" "  Now Child ── message 3 received"
expect "... with the counter at 3" "3 / 10 messages"
keys N
expect "N goes back to message 2 received" "  Now Child ── message 2 received"
keys : 7 Enter
expect "\": 7 Enter\" lands on message 7 received" "  Now Child ── message 7 received"
expect "... with the counter at 7" "7 / 10 messages"
# The causal rule: going back from there, "message 7 sent" comes before (it is on an earlier step).
# One step at a time, each frame settled (the same twice, 50 ms apart) before it is read: a frame
# sampled while keys queue could skip the step looked for.
settled() {
    local before after
    after=$(screen)
    for _ in $(seq 40); do
        sleep 0.05
        before=$after
        after=$(screen)
        [ "$before" = "$after" ] && break
    done
}
found=""
for _ in $(seq 200); do
    tmux_ send-keys -t view Left
    settled
    now=$(now_line)
    [[ $now == *"message 7 sent"* ]] && { found=yes; break; }
    [[ $now == "Before the first call"* ]] && break
done
[ -n "$found" ] && ok "message 7 was sent at an earlier step than it was received" \
    || fail "going back from \"message 7 received\", no \"message 7 sent\" before it"
keys : 1 2 Enter
expect "\": 12 Enter\" says there is no message 12" "no message 12"
keys Escape
expect_not "Esc closes the prompt" "Go to message"
expect "... and stays on the run" "  Now "
tmux_ kill-session -t view
# Auto-pause: playback stops on each message received; the speed shows while paused.
start 60 20 view -m pipe --pause-on-receive
expect "paused, the speed p would play at is shown, with auto-pause" "‖ 4/s · auto-pause"
keys +
expect "+ doubles it, shown while paused" "‖ 8/s · auto-pause"
# The fastest, 32/s (+ twice more; a third keeps it there), so that playing to message 1 takes about
# a second, not four: auto-pause stops it there all the same, and at this speed staying put proves more.
keys + + +
expect "+ stops at the fastest, 32/s" "‖ 32/s · auto-pause"
keys p
for _ in $(seq 100); do now_line | grep -q "received" && break; sleep 0.05; done
sleep 0.5
expect "playback stops at message 1 received" "  Now Child ── message 1 received"
expect "... and shows itself paused" "‖ 32/s"
keys p
for _ in $(seq 100); do now_line | grep -q "message 2 received" && break; sleep 0.05; done
sleep 0.5
expect "p plays on to the next: message 2 received" "  Now Child ── message 2 received"
keys a
expect "a turns auto-pause off" "‖ 32/s"
expect_not "... the title no longer says auto-pause" "auto-pause"
tmux_ kill-session -t view

# --- Predict, then reveal (full layout at 80×24, at the run's last step).
start 80 24 view -m pipe --predict
expect "predict mode says how to reveal" "Predict, then reveal"
keys End
frame=$(screen)
# The metrics box's values (its column of the frame): "?" each, no digit (the log beside it keeps
# the calls and their durations: what happened is not the figure to guess).
metrics=$(sed -n 10,17p <<<"$frame" | awk -F'│' '{print $2}')
if grep -qE "Round trip +\?" <<<"$metrics" && grep -qE "Syscalls / msg +\?" <<<"$metrics" && grep -qE "Copies / msg +\?" <<<"$metrics" \
    && grep -qF "Measured: ? (V reveals)" <<<"$frame" && ! grep -q "[0-9]" <<<"$metrics" && grep -qF "? syscalls · ? B" <<<"$frame"; then
    ok "predict: the figures are \"?\" and none of the run's is on screen"
else
    fail "predict: a figure is shown before it was revealed"; sed 's/^/      | /' <<<"$frame"
fi
keys v
frame=$(screen)
syscalls=$(grep -oE "Syscalls / msg +[0-9.]+" <<<"$frame" | awk '{print $NF}')
copies=$(grep -oE "Copies / msg +[0-9.]+" <<<"$frame" | awk '{print $NF}')
if [ -n "$syscalls" ] && [ -n "$copies" ] && grep -qE "Round trip +\?" <<<"$frame"; then
    ok "v reveals this step's figures ($syscalls syscalls, $copies copies per message), not the run's"
else
    fail "v: step figures \"$syscalls\" \"$copies\""; sed 's/^/      | /' <<<"$frame"
fi
keys V
# Predict mode hides "measuring" too: the run's figures come once the calibration is over.
for _ in $(seq 200); do screen | grep -qE "Round trip +[0-9.]+ µs" && break; sleep 0.05; done
frame=$(screen)
measured=$(grep -oE "Measured: [0-9.]+ copies and [0-9.]+ syscalls" <<<"$(tr '\n' ' ' <<<"$frame" | tr -s ' ')")
round_trip=$(grep -oE "Round trip +[0-9.]+ µs" <<<"$frame" | awk '{print $3}')
range=$(grep -oE "· [0-9.]+–[0-9.]+ µs$" <<<"$frame" | tr -d '·µs ')
if [ "$measured" = "Measured: $copies copies and $syscalls syscalls" ] && [ -n "$round_trip" ] && [ -n "$range" ] \
    && python3 -c "import sys; lo, hi = map(float, '$range'.split('–')); sys.exit(0 if lo <= $round_trip <= hi else 1)"; then
    ok "V reveals the run's figures: round trip $round_trip µs within its rounds ($range µs), \"$measured\" as the metrics say"
else
    fail "V: round trip \"$round_trip\", range \"$range\", \"$measured\" vs $copies / $syscalls"; sed 's/^/      | /' <<<"$frame"
fi
keys r
wait_for "Predict, then reveal" 100 && ok "a new run (r) is hidden again" || fail "after r, the figures were not hidden again"
tmux_ kill-session -t view
# The benchmark in predict mode: the table and summary "?" until v; then the figures it prints at the end.
tmux_ new-session -d -s view -x 100 -y 30 \
    "LANG=C.UTF-8 $build/ipcviz bench --predict --messages 2000 --round-trips 200 --rounds 1; echo done > $work/bench.status; sleep 60"
wait_for "Predict, then reveal" 300 || true
remember_pids
frame=$(screen)
if grep -qE "^  Pipe +\? +\? +\? +\?" <<<"$frame" && grep -qE "Fastest +\?" <<<"$frame" && ! grep -qE "µs|M/s|k/s" <<<"$frame"; then
    ok "bench --predict: the table and the summary are \"?\""
else
    fail "bench --predict: figures shown before they were revealed"; sed 's/^/      | /' <<<"$frame"
fi
keys v
frame=$(screen)
keys q
for _ in $(seq 50); do [ -s "$work/bench.status" ] && break; sleep 0.1; done
sleep 0.2
pipe_on_screen=$(grep -E "^  Pipe " <<<"$frame" | awk '{print $4, $5}')
pipe_printed=$(screen | grep -E "^Pipe " | awk '{print $4, $5}')  # the table it prints once the screen is gone
if [ -n "$pipe_on_screen" ] && [ "$pipe_on_screen" = "$pipe_printed" ] && grep -qE "Fastest +[A-Z]" <<<"$frame"; then
    ok "v reveals the benchmark's figures, the ones it prints at the end (pipe $pipe_on_screen)"
else
    fail "bench reveal: screen \"$pipe_on_screen\", printed \"$pipe_printed\""; sed 's/^/      | /' <<<"$frame"
fi
tmux_ kill-session -t view

# --- Nothing left: this build's viewer processes, the runs' processes and their IPC objects.
sleep 0.3
left=""
for pid in $(tr ' ' '\n' <<<"$viewer_pids" | sort -u); do
    grep -qa "^$build/ipcviz" "/proc/$pid/cmdline" 2>/dev/null && left="$left $pid"
done
[ -n "${viewer_pids// /}" ] || fail "no viewer process was ever seen: the leftover check would prove nothing"
[ -z "$left" ] && ok "none of this script's viewers is left ($(tr ' ' '\n' <<<"$viewer_pids" | sort -u | grep -c .) seen)" ||
    fail "left behind: $(ps -o pid,args -p ${left// /,} | tail -n +2)"
alive=""
objects=""
for pid in $(tr ' ' '\n' <<<"$pids_seen" | sort -u); do
    kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
    objects="$objects $(ls /dev/shm "${TMPDIR:-/tmp}" 2>/dev/null | grep -E "^ipcviz-$pid-" | tr '\n' ' ')"
done
[ -z "$alive" ] && ok "none of the runs' processes is alive ($(wc -w <<<"$pids_seen") pids seen)" || fail "still alive:$alive"
[ -z "${objects// /}" ] && ok "no IPC object named after them" || fail "left behind:$objects"
[ "$fails" -eq 0 ]
