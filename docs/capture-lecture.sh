#!/usr/bin/env bash
# Recaptures the screens in docs/lecture.md: live mode (`ipcviz view --live`) in tmux at its least
# size, 60×20, on the reference solutions, driven as the lecture guide says: a pipe run stopped at the
# gate, its reader blocked in read(), the reader killed and the writer's SIGPIPE; a Unix socket's
# writer getting EPIPE; a shared-memory writer asleep for ever in futex_wait once its reader is killed;
# the keys (?); and the benchmark's table. Each capture replaces the block between "<!-- capture NAME -->" and
# "<!-- /capture -->" in docs/lecture.md, with what `ps` said of the process shown blocked, and the
# date and load average of the capture. Also the side-by-side screen (`view -m pipe,shm`) at 60×20,
# at message 3. `docs/capture-lecture.sh compare` makes only that one (the others are left as they
# are). Run from the repository's root after `make all`.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/e2e/lib/require.sh
require_tools tmux ps python3
work=$(mktemp -d)
socket="$work/tmux.sock"
t() { tmux -S "$socket" "$@"; }
trap 't kill-server 2>/dev/null; rm -rf "$work"' EXIT
t new-session -d -s keep "sleep 600"
screen() { t capture-pane -t live -p; }
# until PATTERN (an extended regex) is on the screen, sending KEY (if any) every 0.1 s, at most N times.
until_shown() {
    local pattern=$1 key=${2:-} tries=${3:-150}
    for _ in $(seq "$tries"); do
        screen | grep -qE -- "$pattern" && return 0
        [ -n "$key" ] && t send-keys -t live "$key"
        sleep 0.1
    done
    echo "capture-lecture: \"$pattern\" never showed:" >&2
    screen >&2
    return 1
}
keep() { sleep 0.4; screen >"$work/$1.txt"; }  # a frame or two later: the kernel's view is read at each
# ps_of ROLE NAME: what ps says of the process whose box is titled ROLE, kept beside capture NAME.
ps_of() {
    local pid
    pid=$(screen | grep -oE "$1 · [a-z]+ · pid [0-9]+" | head -n 1 | grep -oE '[0-9]+$')
    echo "\$ ps -o pid,stat,wchan:20,cmd -p $pid" >"$work/$2.ps"
    ps -o pid,stat,wchan:20,cmd -p "$pid" >>"$work/$2.ps"
}
live() {  # live MECHANISM MESSAGES: a new live run in the session "live"
    t kill-session -t live 2>/dev/null || true
    t new-session -d -s live -x 60 -y 20 "LANG=C.UTF-8 build/ipcviz view --live -m $1 --messages $2; sleep 300"
    t set-option -t live -g status off >/dev/null
    until_shown "Live · "
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
only=${1:-all}
case $only in all | compare) ;; *) echo "usage: docs/capture-lecture.sh [compare]" >&2; exit 2 ;; esac

# Side by side: a pipe run and a shared-memory run of 20 messages, stepped to message 3.
t new-session -d -s live -x 60 -y 20 "LANG=C.UTF-8 build/ipcviz view -m pipe,shm --messages 20; sleep 300"
t set-option -t live -g status off >/dev/null
until_shown "→n next"
t send-keys -t live n n n
until_shown "Message 3 / 20"
keep compare
t send-keys -t live q
t kill-session -t live

if [ "$only" = all ]; then

# The pipe: stopped at the gate before its first write; the reader inside read(); killed; SIGPIPE.
live pipe 20
until_shown 'Parent · writer · pid [0-9]+.*' && until_shown 'stopped before write\(fd' Right 60
keep live-stopped
t send-keys -t live '?'
until_shown 'Keys · live'
keep live-keys
t send-keys -t live h  # any key closes the help (h is bound to nothing in live mode)
until_shown 'Tab other'
t send-keys -t live Tab
until_shown 'inside read\(fd' s 60
keep live-blocked
ps_of Child live-blocked
t send-keys -t live k
until_shown 'killed \(SIGKILL\)'
keep live-killed
t send-keys -t live p
until_shown 'The run ended'
keep live-sigpipe
t send-keys -t live q

# A Unix socket: the reader killed after the first message; the writer's next send fails.
live unix 200
until_shown 'message 1 received' Right 100
t send-keys -t live Tab k
until_shown 'killed \(SIGKILL\)'
t send-keys -t live p
until_shown 'The run ended'
keep live-epipe
t send-keys -t live q

# Shared memory: the reader killed before its first message; the writer fills the ring at 64 calls
# a second, then sleeps in futex_wait with nobody left to wake it.
live shm 300
until_shown 'Reader · reader · pid' Right 60
t send-keys -t live Tab k
until_shown 'killed \(SIGKILL\)'
t send-keys -t live p + + + +
until_shown 'inside futex_wait' "" 600
sleep 1
keep live-futex
ps_of Writer live-futex
t send-keys -t live q

# The benchmark's table, as the class sees it after v (printed, not on the screen: the same figures).
build/ipcviz bench --messages 20000 --round-trips 2000 | sed -n '/^Mechanism/,/^  Pipe vs Unix/p' >"$work/bench.txt"
fi

python3 - "$work" "$when" "$load" "$only" <<'PY'
import pathlib, re, sys
work, when, load, only = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
doc = pathlib.Path("docs/lecture.md")
text = doc.read_text()
def block(match):
    name = match.group(1)
    if not (work / f"{name}.txt").exists():
        return match.group(0)  # not captured this time: kept as it was
    body = (work / f"{name}.txt").read_text().rstrip("\n")
    ps = work / f"{name}.ps"
    extra = f"\n\n```\n{ps.read_text().rstrip()}\n```" if ps.exists() else ""
    return f"<!-- capture {name} -->\n```\n{body}\n```{extra}\n<!-- /capture -->"
text = re.sub(r"<!-- capture ([a-z-]+) -->.*?<!-- /capture -->", block, text, flags=re.S)
if only == "all":
    text = re.sub(r"<!-- captured -->.*?<!-- /captured -->",
                  f"<!-- captured -->{when}, load average {load}<!-- /captured -->", text, flags=re.S)
text = re.sub(r"<!-- captured-compare -->.*?<!-- /captured-compare -->",
              f"<!-- captured-compare -->{when}, load average {load}<!-- /captured-compare -->", text, flags=re.S)
doc.write_text(text)
PY
echo "docs/lecture.md: captures rewritten"
