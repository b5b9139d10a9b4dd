# A private tmux server for one viewer test, sourced once its caller has required tmux. Sets $work
# (a temporary directory, removed at exit) and $socket, and defines:
#   tmux_ ARGS...          tmux on this server only (never the user's own sessions)
#   screen                 what the pane of the session "view" shows now
#   wait_for PATTERN [N]   until the screen shows PATTERN, at most N tenths of a second (150: 15 s)
# A session "keep" outlives the viewer's, so the server does not exit between runs. The EXIT trap
# kills the server and removes $work.
work=$(mktemp -d)
socket="$work/tmux.sock"
tmux_() { tmux -S "$socket" "$@"; }
trap 'tmux_ kill-server 2>/dev/null; rm -rf "$work"' EXIT
tmux_ new-session -d -s keep "sleep 600"
screen() { tmux_ capture-pane -t view -p; }
wait_for() {
    for _ in $(seq "${2:-150}"); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
