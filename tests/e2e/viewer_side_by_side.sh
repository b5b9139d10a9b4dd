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
#   - nothing left: no process of the runs (by the pids the panes showed), no IPC object named after them;
#   - without a terminal: one line per message with both runs' figures, and the totals;
#   - a bad -m list: one error line, exit status 2.
#   tests/e2e/viewer_side_by_side.sh BUILD_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
. "$(dirname "$0")/lib/require.sh"
require_tools tmux pgrep ps python3
. "$(dirname "$0")/lib/checks.sh"
. "$(dirname "$0")/lib/tmux.sh"
messages=20
pids_seen=""
remember_pids() { pids_seen="$pids_seen $(screen | grep -oE 'pid [0-9]+' | awk '{print $2}' | tr '\n' ' ')"; }
# settled: until the frame is the same twice 50 ms apart (a key's frame drawn).
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
keys() { tmux_ send-keys -t view "$@"; settled; remember_pids; }

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
pane_figures() { screen | grep -oE "Syscalls [0-9]+ · [0-9.]+ per message" | awk '{print $2, $4}'; }
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
# whole_run: at the last message, each pane's syscalls so far against its own run's "Whole run: X
# syscalls/msg" figure (the harness's counters in its measured window: not the trace the panes count).
whole_run() {
    local totals figures
    totals=$(screen | grep -oE "Whole run: [0-9.]+ syscalls/msg" | awk '{print $3}')
    figures=$(pane_figures | awk '{print $1}')
    if [ "$(wc -l <<<"$totals")" -eq 2 ] && python3 - "$messages" "$(tr '\n' ' ' <<<"$totals")" "$(tr '\n' ' ' <<<"$figures")" <<'PY'
import sys
n = int(sys.argv[1]); per = [float(x) for x in sys.argv[2].split()]; counted = [int(x) for x in sys.argv[3].split()]
# Equal, but for shared memory's one possible futex_wake that starts after its reader already has the
# last message (a pane never counts a call before its step: the window does).
sys.exit(0 if len(per) == 2 and round(n * per[0]) == counted[0] and 0 <= round(n * per[1]) - counted[1] <= 1 else 1)
PY
    then
        ok "80×24, End: each pane's syscalls by message $messages ($(tr '\n' ' ' <<<"$figures")) are its run's own window count ($(tr '\n' ' ' <<<"$totals")per message)"
    else
        fail "80×24, End: panes' syscalls \"$(tr '\n' ' ' <<<"$figures")\" against their runs' \"$(tr '\n' ' ' <<<"$totals")\" per message"
        screen | sed 's/^/      | /'
    fi
}

walk() {  # walk W H: one session of the viewer at W×H, stepped by n and ": k"
    local width=$1 height=$2 bad=""
    rm -f "$work/status" "$work/stty"
    tmux_ new-session -d -s view -x "$width" -y "$height" \
        "LANG=C.UTF-8 $build/ipcviz view -m pipe,shm -n $messages; echo \"exit \$?\" > $work/status; stty -a > $work/stty; sleep 60"
    tmux_ set-option -t view -g status off >/dev/null
    wait_for "→n next" 300 || true
    settled
    remember_pids
    local frames=0
    for k in 0 1 2 3; do
        [ "$k" -gt 0 ] && keys n
        frames=$((frames + 1))
        problems=$(check_frame "$width" "$k" "$messages") || { bad="message $k: $problems"; break; }
    done
    expect_figures 3 "$width×$height, n n n"
    keys N
    check_frame "$width" 2 "$messages" >/dev/null || bad="${bad:-N: $(check_frame "$width" 2 "$messages")}"
    keys : 1 7 Enter
    check_frame "$width" 17 "$messages" >/dev/null || bad="${bad:-: 17: $(check_frame "$width" 17 "$messages")}"
    expect_figures 17 "$width×$height, \": 17 Enter\""
    keys End
    [ "$width" -eq 80 ] && whole_run
    check_frame "$width" "$messages" "$messages" >/dev/null || bad="${bad:-End: $(check_frame "$width" "$messages" "$messages")}"
    [ -z "$bad" ] && ok "$width×$height: every frame whole ($((frames + 3)) looked at)" || { fail "$width×$height: $bad"; screen | sed 's/^/      | /'; }
    keys q
    for _ in $(seq 50); do [ -s "$work/stty" ] && break; sleep 0.1; done
    if grep -q "exit 0" "$work/status" 2>/dev/null && grep -qw "icanon" "$work/stty" && ! grep -qw -- "-icanon" "$work/stty" \
        && ! grep -qw -- "-echo" "$work/stty"; then
        ok "$width×$height: q quits with status 0, the terminal back in canonical mode with echo"
    else
        fail "$width×$height: after q: $(cat "$work/status" 2>/dev/null), stty: $(head -c 200 "$work/stty" 2>/dev/null)"
    fi
    tmux_ kill-session -t view
}

walk 80 24
walk 60 20

# --- Nothing left: the runs' processes (by the pids the panes showed) and their IPC objects.
sleep 0.3
left=$(pgrep -f "^$build/ipcviz view -m pipe,shm" || true)
[ -z "$left" ] && ok "no viewer of this test is left" || fail "left behind: $(ps -o pid,args -p $left | tail -n +2)"
alive=""
objects=""
for pid in $(tr ' ' '\n' <<<"$pids_seen" | sort -u); do
    kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
    objects="$objects $(ls /dev/shm "${TMPDIR:-/tmp}" 2>/dev/null | grep -E "^ipcviz-$pid-" | tr '\n' ' ')"
done
[ -n "${pids_seen// /}" ] || fail "the panes showed no pid"
[ -z "$alive" ] && ok "none of the runs' processes is alive ($(tr ' ' '\n' <<<"$pids_seen" | sort -u | grep -c .) pids seen)" \
    || fail "still alive:$alive"
[ -z "${objects// /}" ] && ok "no IPC object named after them" || fail "left behind:$objects"
[ "$fails" -eq 0 ]
