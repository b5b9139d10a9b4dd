#!/usr/bin/env bash
# Two mechanisms side by side in the real viewer, in tmux (issue 12, point 5):
#   - `view -m pipe,shm` at 80×24 (two columns) and 60×20 (stacked): n and ": k Enter" move both
#     panes to message k; each pane's "Syscalls S · P per message" is its run's: the pipe's S is k
#     times the syscalls per message of a pipe run's own JSON (`ipcviz trace --format json`, the same
#     workload: a pipe makes the same calls at every message); at the last message each pane's S is
#     its own run's window count (the harness's counters, shown as "Whole run: X syscalls/msg"). Shared
#     memory is not held to another run's JSON: it makes a syscall only when a side waits (futex),
#     which one run may do and another not;
#   - every frame keeps its text whole (tests/e2e/lib/frame_rules.py and the screen's own lines);
#   - q quits with status 0 and the terminal back in canonical mode with echo;
#   - C on a mechanism's screen opens it beside shared memory, Esc goes home;
#   - --round-trip: every figure per round trip, the panes' and the "Whole run" line's alike;
#   - nothing left: no process of the runs (by the pids the panes showed, told from a later process
#     with the same pid by its start time), no IPC object named after them;
#   - without a terminal: one line per message with both runs' figures, and the totals;
#   - a bad -m list: one error line, exit status 2.
# After each key the test waits for the frame it must bring (the counter at the message asked, then
# the headline below the panes), never for a pause in the drawing: under load a frame can stay the
# same for a while and still be the old one.
#   tests/e2e/viewer_side_by_side.sh BUILD_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
. "$(dirname "$0")/lib/require.sh"
require_tools tmux pgrep ps python3
. "$(dirname "$0")/lib/checks.sh"
. "$(dirname "$0")/lib/tmux.sh"
messages=20
# The runs' pids the panes showed, each as "pid:start" with the start time (/proc/PID/stat, field
# 22) it had when seen, or "pid:-" when it was no process of ipcviz's then (a replayed run has ended:
# a later process with that pid is someone else's).
pids_seen=""
start_time() {
    tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -q ipcviz && sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'
}
remember_pids() {
    local pid
    for pid in $(screen | grep -oE 'pid [0-9]+' | awk '{print $2}'); do
        case " $pids_seen " in *" $pid:"*) continue ;; esac
        pids_seen="$pids_seen $pid:$(start_time "$pid" || echo -)"
    done
}
# at_message K [UNIT]: until both panes are at K: the counter "Message K / N", then the headline
# drawn below the panes (a frame is written top to bottom: once it shows, the panes above are K's).
at_message() {
    local k=$1 unit=${2:-Message} head
    if [ "$k" -eq 0 ]; then head="Before the first message"; else head="  $unit $k: "; fi
    wait_for "$unit $k / $messages" 150 && wait_for "$head" 150
}
# keys K KEY...: the keys, then until the frame of message K is on screen.
keys() {
    local k=$1
    shift
    tmux_ send-keys -t view "$@"
    at_message "$k" || fail "after $*: no frame at message $k"
    remember_pids
}
# start W H ARGS...: the viewer at W×H in the session "view"; its exit status and terminal modes
# land in $work/status and $work/stty once it ends.
start() {
    local width=$1 height=$2
    shift 2
    rm -f "$work/status" "$work/stty"
    tmux_ new-session -d -s view -x "$width" -y "$height" \
        "LANG=C.UTF-8 $build/ipcviz $*; echo \"exit \$?\" > $work/status; stty -a > $work/stty; sleep 60"
    tmux_ set-option -t view -g status off >/dev/null
}
# quit WHAT: q, then the viewer's status 0 and the terminal back in canonical mode with echo.
quit() {
    tmux_ send-keys -t view q
    for _ in $(seq 50); do [ -s "$work/stty" ] && break; sleep 0.1; done
    if grep -q "exit 0" "$work/status" 2>/dev/null && grep -qw "icanon" "$work/stty" && ! grep -qw -- "-icanon" "$work/stty" \
        && ! grep -qw -- "-echo" "$work/stty"; then
        ok "$1: q quits with status 0, the terminal back in canonical mode with echo"
    else
        fail "$1: after q: $(cat "$work/status" 2>/dev/null), stty: $(head -c 200 "$work/stty" 2>/dev/null)"
    fi
    tmux_ kill-session -t view
}

# --- Bad lists: one line on stderr, nothing on stdout, exit status 2.
for list in "pipe,shm,tcp" "pipe," ",shm" "pipe,pipe" "pipe,nope" ","; do
    out=$("$build/ipcviz" view -m "$list" </dev/null 2>"$work/err")
    status=$?
    if [ $status -eq 2 ] && [ -z "$out" ] && [ "$(wc -l <"$work/err")" -eq 1 ] \
        && grep -qxF "ipcviz: view: -m takes one mechanism or two, comma-separated, e.g. pipe,shm" "$work/err"; then
        ok "-m '$list': one error line, exit 2"
    else
        fail "-m '$list': status $status, stdout \"$out\", stderr: $(cat "$work/err")"
    fi
done

# --- What a run's own JSON says: syscalls per message of MECHANISM for this workload.
json_syscalls() {
    "$build/ipcviz" trace -m "$1" -n "$messages" --format json |
        python3 -c "import json, sys; d = json.load(sys.stdin); assert d['ok']; print('%.2f' % d['metrics']['syscalls'])"
}
pipe_per=$(json_syscalls pipe)
[ -n "$pipe_per" ] && ok "a pipe run's JSON: $pipe_per syscalls per message" || fail "no JSON figure for the pipe"

# --- Without a terminal: one line per message (the first 10) and each run's totals.
read -r -d '' text_py <<'PY'
import re, sys
per, messages = float(sys.argv[1]), int(sys.argv[2])
text = sys.stdin.read()
rows = re.findall(r"^ +(\d+)  (\d+) syscalls · \d+ B kernel +(\d+) syscalls · \d+ B user$", text, re.M)
assert [int(r[0]) for r in rows] == list(range(1, 11)), rows
for k, pipe, shm in rows:
    assert int(pipe) == round(int(k) * per), (k, pipe)
assert f"by message 1–{messages}: {round(messages * per)} syscalls" in text
assert re.search(r"^  Shared Memory +[0-9.]+ syscalls, [0-9.]+ kernel copies", text, re.M)
PY
text=$("$build/ipcviz" view -m pipe,shm -n "$messages" </dev/null)
status=$?
if python3 -c "$text_py" "$pipe_per" "$messages" <<<"$text"; then
    ok "no terminal: 10 lines with both runs' figures (pipe's k × $pipe_per syscalls), and the totals"
else
    fail "no terminal (status $status):"
    sed 's/^/      | /' <<<"$text"
fi
[ $status -eq 0 ] && ok "... exit status 0" || fail "... exit status $status"

# --- The screen. pane_figures: "S P" of each pane in order (left or upper first).
pane_figures() { screen | grep -oE "Syscalls [0-9]+ · [0-9.]+ per ${1:-message}" | awk '{print $2, $4}'; }
read -r -d '' check_frame_py <<'PY'
import re, sys
from frame_rules import geometry_problems
width, k, total = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lines = sys.stdin.read().rstrip("\n").split("\n")
problems = geometry_problems(lines, width)
text = "\n".join(lines)
if not re.search(rf"  Message {k} / {total}", text): problems.append("no whole counter")
for name in ("Pipe", "Shared Memory"):
    if not re.search(rf"╭─ {name} ─", text): problems.append(f"no pane titled {name}")
head = [l for l in lines if l.startswith("  Message ") and ":" in l]
if k != "0" and (len(head) != 1 or not re.match(rf"  Message {k}: [Pp]ipe \d+ .* · (Shared Memory|shm) \d+", head[0])):
    problems.append(f"the headline is not whole: {head!r}")
keys = [l for l in lines if l.strip()][-1].rstrip()
if keys != " →n next  ←N back  : go to  Esc home  ? help  q quit": problems.append(f"the keys line is not whole: {keys!r}")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
check_frame() { screen | PYTHONPATH="$(dirname "$0")/lib" python3 -c "$check_frame_py" "$@"; }
# expect_figures K WHAT: both panes at message K. The pipe's S is K times its JSON's syscalls per
# message (a pipe makes the same calls at every message); each pane's P is its S ÷ K.
expect_figures() {
    local k=$1 what=$2 figures pipe shm
    figures=$(pane_figures)
    pipe=$(sed -n 1p <<<"$figures")
    shm=$(sed -n 2p <<<"$figures")
    if [ "${pipe%% *}" = "$(python3 -c "print(round($k * $pipe_per))")" ] && consistent "$k" "$pipe" && consistent "$k" "$shm"; then
        ok "$what: message $k, pipe \"$pipe\", shm \"$shm\" (syscalls so far, per message): the pipe's as its JSON says"
    else
        fail "$what: message $k: pipe \"$pipe\" (JSON: $pipe_per per message), shm \"$shm\""
        screen | sed 's/^/      | /'
    fi
}
consistent() {  # consistent K "S P": P is S ÷ K as the pane writes it
    python3 - "$@" <<'PY'
import sys
k = int(sys.argv[1]); s, p = sys.argv[2].split()
value = int(s) / k
sys.exit(0 if p == (str(round(value)) if abs(value - round(value)) < 0.005 else "%.2f" % value) else 1)
PY
}
# whole_run WHAT [UNIT]: at the last message, each pane's syscalls so far against its own run's
# "Whole run: X syscalls/msg" figure (the harness's counters in its measured window: not the trace
# the panes count); in a round trip both per round trip.
whole_run() {
    local what=$1 unit=${2:-message} per totals figures
    [ "$unit" = message ] && per="msg" || per="(round )?trip"
    totals=$(screen | grep -oE "Whole run: [0-9.]+ syscalls/$per" | awk '{print $3}')
    figures=$(pane_figures "$unit" | awk '{print $1}')
    if [ "$(wc -l <<<"$totals")" -eq 2 ] && python3 - "$messages" "$(tr '\n' ' ' <<<"$totals")" "$(tr '\n' ' ' <<<"$figures")" <<'PY'
import sys
n = int(sys.argv[1]); per = [float(x) for x in sys.argv[2].split()]; counted = [int(x) for x in sys.argv[3].split()]
# Equal, but for shared memory's one possible futex_wake that starts after its reader already has the
# last message (a pane never counts a call before its step: the window does).
sys.exit(0 if len(per) == 2 and len(counted) == 2 and round(n * per[0]) == counted[0] and 0 <= round(n * per[1]) - counted[1] <= 1 else 1)
PY
    then
        ok "$what: each pane's syscalls by $unit $messages ($(tr '\n' ' ' <<<"$figures")) are its run's own window count ($(tr '\n' ' ' <<<"$totals")per $unit)"
    else
        fail "$what: panes' syscalls \"$(tr '\n' ' ' <<<"$figures")\" against their runs' \"$(tr '\n' ' ' <<<"$totals")\" per $unit"
        screen | sed 's/^/      | /'
    fi
}

walk() {  # walk W H: one session of the viewer at W×H, stepped by n and ": k"
    local width=$1 height=$2 bad=""
    start "$width" "$height" view -m pipe,shm -n "$messages"
    wait_for "→n next" 300 && at_message 0 || fail "$width×$height: no first frame"
    remember_pids
    local frames=0
    for k in 0 1 2 3; do
        [ "$k" -gt 0 ] && keys "$k" n
        frames=$((frames + 1))
        problems=$(check_frame "$width" "$k" "$messages") || { bad="message $k: $problems"; break; }
    done
    expect_figures 3 "$width×$height, n n n"
    keys 2 N
    check_frame "$width" 2 "$messages" >/dev/null || bad="${bad:-N: $(check_frame "$width" 2 "$messages")}"
    keys 17 : 1 7 Enter
    check_frame "$width" 17 "$messages" >/dev/null || bad="${bad:-: 17: $(check_frame "$width" 17 "$messages")}"
    expect_figures 17 "$width×$height, \": 17 Enter\""
    keys "$messages" End
    [ "$width" -eq 80 ] && whole_run "80×24, End"
    check_frame "$width" "$messages" "$messages" >/dev/null || bad="${bad:-End: $(check_frame "$width" "$messages" "$messages")}"
    [ -z "$bad" ] && ok "$width×$height: every frame whole ($((frames + 3)) looked at)" || { fail "$width×$height: $bad"; screen | sed 's/^/      | /'; }
    quit "$width×$height"
}

walk 80 24
walk 60 20

# --- C on a mechanism's screen: the pipe beside shared memory; Esc goes home.
start 80 24 view -m pipe -n "$messages"
if wait_for "⇥ switch" 300; then
    tmux_ send-keys -t view C
    if at_message 0 && wait_for "Side by side · Pipe and Shared Memory" 50; then
        remember_pids
        ok "C on the pipe's screen opens the pipe beside shared memory, at message 0"
    else
        fail "C on the pipe's screen: no side by side"
        screen | sed 's/^/      | /'
    fi
    tmux_ send-keys -t view Escape
    wait_for "←↑↓→ choose" 50 && ok "... Esc goes home" || { fail "Esc from side by side: not home"; screen | sed 's/^/      | /'; }
else
    fail "view -m pipe: no mechanism screen"
fi
quit "C, Esc"

# --- A round trip: each figure per round trip, the harness's "Whole run" line too.
start 80 24 view -m pipe,shm -n "$messages" --round-trip
wait_for "→n next" 300 && at_message 0 "Round trip" || fail "--round-trip: no first frame"
tmux_ send-keys -t view End
if at_message "$messages" "Round trip"; then
    remember_pids
    figures=$(pane_figures "round trip")
    if [ "$(wc -l <<<"$figures")" -eq 2 ] && consistent "$messages" "$(sed -n 1p <<<"$figures")" \
        && consistent "$messages" "$(sed -n 2p <<<"$figures")" && ! screen | grep -qE "per message|/msg"; then
        ok "--round-trip, End: both panes per round trip ($(tr '\n' ' ' <<<"$figures")), no figure per message"
    else
        fail "--round-trip, End: panes \"$(tr '\n' ' ' <<<"$figures")\""
        screen | sed 's/^/      | /'
    fi
    whole_run "--round-trip, End" "round trip"
else
    fail "--round-trip: End did not reach round trip $messages"
fi
quit "--round-trip"

# --- Nothing left: the runs' processes (by the pids the panes showed) and their IPC objects.
sleep 0.3
left=$(pgrep -f "^$build/ipcviz view -m pipe" || true)
[ -z "$left" ] && ok "no viewer of this test is left" || fail "left behind: $(ps -o pid,args -p $left | tail -n +2)"
alive=""
objects=""
seen=$(tr ' ' '\n' <<<"$pids_seen" | grep . | sort -u)
for entry in $seen; do
    pid=${entry%%:*}
    then=${entry#*:}
    [ "$then" != "-" ] && [ "$(start_time "$pid")" = "$then" ] && alive="$alive $pid"
    objects="$objects $(ls /dev/shm "${TMPDIR:-/tmp}" 2>/dev/null | grep -E "^ipcviz-$pid-" | tr '\n' ' ')"
done
[ -n "$seen" ] || fail "the panes showed no pid"
[ -z "$alive" ] && ok "none of the runs' processes is alive ($(grep -c . <<<"$seen") pids seen)" \
    || fail "still alive:$alive"
[ -z "${objects// /}" ] && ok "no IPC object named after them" || fail "left behind:$objects"
[ "$fails" -eq 0 ]
