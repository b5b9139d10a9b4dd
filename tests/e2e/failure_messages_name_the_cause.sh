#!/usr/bin/env bash
# The grader's failure messages say what really happened, checked on mutants whose failure is
# known: a deadlock names what each process was blocked in and gives the hint for that cause (not
# the test's fixed hint), and a cost failure names the extra or unknown call and its rate.
# Needs the mutants' graded-tests (make test builds them).
set -uo pipefail
build=$1
fails=0

# expect MUTANT TEST TEXT...: the failure message of TEST run on MUTANT contains every TEXT.
expect() {
    local mutant=$1 test=$2
    shift 2
    local binary="$build/mutant-${mutant//\//-}/graded-tests"
    [ -x "$binary" ] || { echo "FAIL: $binary is missing (make test builds it)"; fails=$((fails + 1)); return; }
    local scale
    scale=$(cat "tests/mutants/$mutant/timeout-scale" 2>/dev/null || echo 1)
    local out
    out=$(IPCVIZ_TIMEOUT_SCALE=$scale "$binary" "$test" 2>/dev/null)
    for text in "$@"; do
        if ! grep -qF -- "$text" <<<"$out"; then
            echo "FAIL: $mutant, \"$test\": no \"$text\" in:"
            sed 's/^/    /' <<<"$out"
            fails=$((fails + 1))
            return
        fi
    done
    echo "ok: $mutant, \"$test\""
}

# A reader blocked in read() after the last message while the writer finished: a write end still open.
expect 01-pipe/close_forgets_write_end "the reader sees end of file once the writer has closed" \
    "10 of 10 messages received" "Child was in read(fd" \
    "hint: Child (reader) waits in read(fd" "one is still open somewhere"
# A reader that ignores read() == 0 spins at end of file (not in a syscall at the kill): the hint
# names the loop on end of stream, not shared memory's missing publication.
expect 01-pipe/ignores_end_of_file "the reader sees end of file once the writer has closed" \
    "10 of 10 messages received" "Child was in running" \
    "hint: Child (reader) was running, not blocked: receive() kept reading after end of stream (read returned 0"
expect 02-unix-socket/ignores_end_of_stream "the client sees end of stream once the server has closed" \
    "Client was in running" \
    "hint: Client (reader) was running, not blocked: receive() kept reading after end of stream (recvmsg returned 0"
# A reader asleep in futex_wait that nobody woke: the missing wake.
expect 04-shared-memory/missing_wake \
    "a reader waiting for a slow writer sleeps on the futex and is woken by the writer" \
    "0 of 40 messages received" "Reader was in futex_wait(ring " "): futex(" "hint: Reader sleeps in futex_wait(ring " \
    "nobody woke it"
# Extra and unknown calls, named with their rates.
expect 01-pipe/polls_before_write "one write() and one read() per message of at most PIPE_BUF bytes" \
    "poll: 1.00 per message"
expect 01-pipe/debug_print_every_1000 "one write() and one read() per message of at most PIPE_BUF bytes" \
    "write(fd 2) 2"
expect 01-pipe/writev_send "one write() and one read() per message of at most PIPE_BUF bytes" "writev(fd"
expect 02-unix-socket/readv_receive "one send and one receive per message each way over a Unix socket" "readv(fd"

[ $fails -eq 0 ]
