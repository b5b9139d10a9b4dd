// Lab 01 — pipe: the graded tests. Points are in the [pts:N] tags; labs/01-pipe/README.md lists
// the same table. Each test makes real two-process runs through the harness.
#include <limits.h>

#include <catch2/catch.hpp>

#include "grading.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

namespace {
constexpr const char* kPipe = "pipe";

// The audited one-way run of kAuditedMessages messages of 64 bytes, made once for the tests that
// grade it (the call count, the copies, the one-way census): each reads its own part of one run, and
// requires delivery only if it grades the messages (the census does not).
const RunResult& audited_one_way_64() {
    static const RunResult result = audited_run_undelivered(kPipe, one_way(kAuditedMessages, 64));
    return result;
}

const RunResult& delivered(const RunResult& result) {
    require_delivered(result, "");
    return result;
}
}  // namespace

TEST_CASE("one message arrives whole", "[lab01][pts:5]") {
    require_delivered(run_lab(kPipe, one_way(1, 64)),
                      "setup() makes the pipe, open() keeps each side's end, send() writes, receive() reads.");
}

TEST_CASE("ten messages arrive in order and intact", "[lab01][pts:5]") {
    require_delivered(run_lab(kPipe, one_way(10, 64)),
                      "a pipe is a byte stream: the reader must take exactly one message's bytes per receive().");
}

TEST_CASE("100 000 messages arrive in order and intact", "[lab01][pts:10]") {
    Workload workload = one_way(100'000, 64);
    workload.deadline = std::chrono::milliseconds(30000);
    require_delivered(run_lab(kPipe, workload),
                      "every message counts: none may be skipped, repeated or reordered, however many there are.");
}

TEST_CASE("messages of 1 byte, 64 bytes and PIPE_BUF bytes arrive intact", "[lab01][pts:10]") {
    for (const std::size_t size : {std::size_t{1}, std::size_t{64}, std::size_t{PIPE_BUF}}) {
        INFO("message size: " << count_of(size, "byte"));
        require_delivered(run_lab(kPipe, one_way(200, size)),
                          "sizes up to PIPE_BUF (" + std::to_string(PIPE_BUF) + ") are written atomically.");
    }
}

TEST_CASE("messages of 64 KiB and 1 MiB arrive intact despite short reads and writes", "[lab01][pts:10]") {
    for (const std::size_t size : {std::size_t{64} << 10, std::size_t{1} << 20}) {
        INFO("message size " << size << " bytes; both processes are interrupted by a signal every 200 µs");
        Workload workload = one_way(size > 65536 ? 16 : 64, size);
        workload.interrupt_writes = true;
        workload.interrupt_reads = true;
        workload.deadline = std::chrono::milliseconds(20000);
        require_delivered(run_lab(kPipe, workload),
                          "above PIPE_BUF, read() may return fewer bytes than asked and write() may take fewer "
                          "(a signal interrupts it): loop until the whole message has moved.");
    }
}

TEST_CASE("the reader sees end of file once the writer has closed", "[lab01][pts:10]") {
    Workload workload = one_way(10, 64);
    workload.expect_eof = true;
    workload.deadline = std::chrono::milliseconds(4000);
    require_delivered(run_lab(kPipe, workload),
                      "read() returns 0 only when every write end of the pipe is closed — including the copy "
                      "the child inherited through fork(). Close the ends a side does not use in open().");
}

TEST_CASE("a round trip over two pipes echoes every message", "[lab01][pts:15]") {
    require_delivered(run_lab(kPipe, round_trip(500, 64)),
                      "a pipe carries bytes one way: a duplex channel (spec.duplex) needs a second pipe back.");
}

TEST_CASE("one write() and one read() per message of at most PIPE_BUF bytes", "[lab01][pts:15]") {
    const std::string send_hint = "a write of at most PIPE_BUF bytes to a blocking pipe is atomic and complete: one "
                                  "call moves the whole message. Each extra call is one more trip into the kernel.";
    const std::string receive_hint = "ask read() for the whole message at once; loop only when it returns less.";
    check_one_call_per_message(delivered(audited_one_way_64()), send_hint, receive_hint);
    check_one_call_per_message(audited_run(kPipe, one_way(kAuditedMessages, PIPE_BUF)), send_hint, receive_hint);
}

TEST_CASE("each message is copied across the user/kernel boundary exactly twice", "[lab01][pts:10]") {
    check_two_kernel_copies(delivered(audited_one_way_64()), 0,
                            "send exactly the message's bytes, nothing more (no headers: a pipe message here has "
                            "a size both sides know), and read each byte once.");
}

TEST_CASE("no file descriptor is left open after close()", "[lab01][pts:10]") {
    // Audited: the harness reads each process's descriptors from /proc when ptrace stops it at its
    // first message and at its exit, not from a census the process keeps itself.
    const RunResult result = audited_run(kPipe, round_trip(10, 64));
    check_descriptors_at_first_message(result, "pipe:", 2, 2,
                                       "after fork() each process holds copies of all four ends: open() closes the "
                                       "two its side does not use (each side keeps one read end and one write end).");
    // A one-way channel makes one pipe: the writer keeps only its write end, the reader only its read end.
    check_descriptors_at_first_message(audited_one_way_64(), "pipe:", 1, 1,
                                       "a one-way channel needs one pipe: open() closes the end its side does not "
                                       "use — the reader the write end (or it never sees end of file), the writer "
                                       "the read end (or it never gets SIGPIPE or EPIPE when its reader dies).");
    check_nothing_left(result, "each process holds its own copy of every pipe end after fork(): open() closes the "
                               "ends its side does not use, close() the ones it does.");
    check_close_unopened(kPipe, "close() is called after a failed open() too, possibly before open() closed anything: "
                                "close every end this process still holds (an empty Fd closes nothing), whichever "
                                "side it is.");
}
